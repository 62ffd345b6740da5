import type { Relation } from '../../core/relation.js';
import type { JourneySpec } from './config.js';
import { idColumns } from './id-graph-sql.js';
import type { EventsFilter } from './incremental-sql.js';
import { asText, indent, type SqlContext } from './sql-context.js';

/**
 * The events to sessionize with their person key: the calls that have a step, joined to the id
 * graph. A call's person is that of its user id, else of its first extra id, else of its anonymous
 * id (on a shared device a logged-in call goes to who logged in, an anonymous one to the device's
 * first user). `source` goes after FROM; `filter` narrows the events (an incremental build).
 */
export function eventsSelect(s: SqlContext, spec: JourneySpec, source: string, graph: Relation, filter?: EventsFilter): string {
  const { columns } = spec;
  const ids = idColumns(spec);
  const joins = [
    { alias: 'g_user', idType: ids.user.idType, column: columns.user_id },
    ...spec.extraIds.map((c, i) => ({ alias: `g_extra_${i + 1}`, idType: ids.extras[i]!.idType, column: c })),
    { alias: 'g_anonymous', idType: ids.anonymous.idType, column: columns.anonymous_id },
  ];
  const src = (c: string) => `${s.id('journey_source')}.${s.id(c)}`;
  const personKey = `COALESCE(${joins.map((j) => `${s.id(j.alias)}.${s.id('person_key')}`).join(', ')})`;
  const select = [
    `${personKey} AS ${s.id('person_key')}`,
    `${s.a.utcTimestamp(src(columns.timestamp))} AS ${s.id('event_at')}`,
    `${asText(s, src(columns.event_id))} AS ${s.id('event_id')}`,
    `${asText(s, src(columns.step))} AS ${s.id('step')}`,
    ...spec.landingColumns.map((c) => `${src(c)} AS ${s.id(c)}`),
  ];
  const joinSql = joins.map(
    (j) =>
      `LEFT JOIN ${s.rel(graph)} ${s.id(j.alias)}\n` +
      `  ON ${s.id(j.alias)}.${s.id('id_type')} = ${s.a.stringLiteral(j.idType)} AND ${s.id(j.alias)}.${s.id('id')} = ${asText(s, src(j.column))}`,
  );
  if (filter) joinSql.push(filter.join.replaceAll('{person_key}', personKey));
  const conditions = [`${src(columns.step)} IS NOT NULL`, ...(filter ? [`(${filter.where.replaceAll('{person_key}', personKey)})`] : [])];
  return `SELECT\n${indent(select.join(',\n'))}\nFROM ${source} ${s.id('journey_source')}\n${joinSql.join('\n')}\n` + `WHERE ${conditions.join(' AND ')}`;
}

/**
 * Sessions from events (person_key, event_at, event_id, step, landing columns), in one pass of
 * window functions: a call opens a session when it is the person's first, comes more than the gap
 * after the previous call, or (optionally) falls on another date. Ties in time are ordered by
 * event id, so the same events always give the same sessions and paths.
 */
export function sessionsSelect(s: SqlContext, spec: JourneySpec, events: string): string {
  const { a } = s;
  const [pk, at, eid, step] = ['person_key', 'event_at', 'event_id', 'step'].map(s.id);
  const order = `${at}, ${eid}`;
  const prev = `lag(${at}) OVER (PARTITION BY ${pk} ORDER BY ${order})`;
  const opens = [`${prev} IS NULL`, `${at} > ${a.addInterval(prev, spec.gap.amount, spec.gap.unit)}`];
  if (spec.splitAtMidnight) opens.push(`${a.dateOf(at)} <> ${a.dateOf(prev)}`);
  const sessionKey = `${pk}, ${s.id('session_number')}`;
  const landing = spec.landingColumns.map((c) => `${a.firstValueIgnoreNulls(s.id(c), sessionKey, order)} AS ${s.id(`landing__${c}`)}`);
  const first = (expr: string) => `max(CASE WHEN ${s.id('step_number')} = 1 THEN ${expr} END)`;
  const aggregates = [
    pk,
    `${a.md5Hex(`${pk} || '|' || ${first(eid)}`)} AS ${s.id('session_id')}`,
    `min(${at}) AS ${s.id('session_start')}`,
    `max(${at}) AS ${s.id('session_end')}`,
    `${a.diffMilliseconds(`min(${at})`, `max(${at})`)} AS ${s.id('duration_ms')}`,
    `count(*) AS ${s.id('events_count')}`,
    `${first(step)} AS ${s.id('entry_step')}`,
    `max(CASE WHEN ${s.id('steps_to_end')} = 1 THEN ${step} END) AS ${s.id('exit_step')}`,
    `${a.orderedList(step, order, `${s.id('step_number')} <= ${spec.maxPathSteps}`)} AS ${s.id('path')}`,
    // constant within a session: any aggregate picks it
    ...spec.landingColumns.map((c) => `max(${s.id(`landing__${c}`)}) AS ${s.id(c)}`),
  ];
  return [
    `WITH ${s.id('events')} AS (\n${indent(events)}\n),`,
    `${s.id('flagged')} AS (`,
    indent(`SELECT *, CASE WHEN ${opens.join(' OR ')} THEN 1 ELSE 0 END AS ${s.id('opens_session')}\n` + `FROM ${s.id('events')}\nWHERE ${pk} IS NOT NULL`),
    '),',
    `${s.id('numbered')} AS (`,
    indent(
      `SELECT *, sum(${s.id('opens_session')}) OVER (PARTITION BY ${pk} ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${s.id('session_number')}\n` +
        `FROM ${s.id('flagged')}`,
    ),
    '),',
    `${s.id('ranked')} AS (`,
    indent(
      `SELECT *,\n` +
        indent(
          [
            `row_number() OVER (PARTITION BY ${sessionKey} ORDER BY ${order}) AS ${s.id('step_number')}`,
            `row_number() OVER (PARTITION BY ${sessionKey} ORDER BY ${at} DESC, ${eid} DESC) AS ${s.id('steps_to_end')}`,
            ...landing,
          ].join(',\n'),
        ) +
        `\nFROM ${s.id('numbered')}`,
    ),
    ')',
    `SELECT\n${indent(aggregates.join(',\n'))}\nFROM ${s.id('ranked')}\nGROUP BY ${pk}, ${s.id('session_number')}`,
  ].join('\n');
}
