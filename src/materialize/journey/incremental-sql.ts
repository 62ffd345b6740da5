import type { Relation } from '../../core/relation.js';
import type { JourneySpec } from './config.js';
import type { SqlContext } from './sql-context.js';

/**
 * Incremental sessionization. With T the latest session end already built, `lookback` how late
 * an event may arrive and `gap` the session gap:
 * - new events are those at or after T - lookback (`since`, inclusive);
 * - a session that ended strictly before T - lookback - gap (`keep_until`) cannot be reached by a
 *   new event: the earliest one, at `since`, comes more than the gap after it. It is kept; every
 *   session ending at or after keep_until is reopened: deleted and rebuilt. (A session ending exactly
 *   at keep_until is exactly one gap before `since`, and a call one gap later stays in the session.)
 * - per person, the events after the end of their last kept session are sessionized again. The first
 *   of them opens a session in a full refresh too (it is more than the gap after that end), so the
 *   rebuilt sessions, those straddling the boundary included, are exactly a full refresh's.
 * Persons whose ids changed person key (a late identify merged an anonymous visitor into a
 * customer; a late call moved a shared device to its real first user) are sessionized again from
 * all their events, under both their old and new keys.
 */

/** One row: T, keep_until and read_from as text (read back as literals, so that sources prune on them). */
export function boundsSelect(s: SqlContext, spec: JourneySpec, sessions: Relation): string {
  const { a } = s;
  const t = `max(${s.id('session_end')})`;
  const keepUntil = a.addInterval(a.addInterval(t, -spec.lookback.amount, spec.lookback.unit), -spec.gap.amount, spec.gap.unit);
  const since = a.addInterval(t, -spec.lookback.amount, spec.lookback.unit);
  const reopenedStart = `min(CASE WHEN ${s.id('session_end')} >= ${s.id('keep_until')} THEN ${s.id('session_start')} END)`;
  return (
    `SELECT CAST(${s.id('t')} AS VARCHAR) AS ${s.id('last_event_at')}, CAST(${s.id('keep_until')} AS VARCHAR) AS ${s.id('keep_until')},\n` +
    `  CAST(least(${s.id('since')}, COALESCE(${reopenedStart}, ${s.id('since')})) AS VARCHAR) AS ${s.id('read_from')}\n` +
    `FROM ${s.rel(sessions)}\n` +
    `CROSS JOIN (SELECT ${t} AS ${s.id('t')}, ${keepUntil} AS ${s.id('keep_until')}, ${since} AS ${s.id('since')} FROM ${s.rel(sessions)}) ${s.id('b')}\n` +
    `GROUP BY ${s.id('t')}, ${s.id('keep_until')}, ${s.id('since')}`
  );
}

/** Person keys to rebuild from all their events: old and new key of every id whose key changed. */
export function affectedSelect(s: SqlContext, oldGraph: Relation, newGraph: Relation): string {
  const changed =
    `FROM ${s.rel(oldGraph)} o\nJOIN ${s.rel(newGraph)} n ON n.${s.id('id_type')} = o.${s.id('id_type')} AND n.${s.id('id')} = o.${s.id('id')}\n` +
    `WHERE n.${s.id('person_key')} <> o.${s.id('person_key')}`;
  return `SELECT o.${s.id('person_key')} ${changed}\nUNION\nSELECT n.${s.id('person_key')} ${changed}`;
}

export interface Window {
  keepUntil: string;
  readFrom: string;
  /** the affected-persons table, when it has rows */
  affected?: Relation;
}

/** Per person, the end of their last kept session (materialized: the events query joins it). */
export function keptEndsSelect(s: SqlContext, sessions: Relation, w: Window): string {
  const pk = s.id('person_key');
  const notAffected = w.affected ? ` AND ${pk} NOT IN (SELECT ${pk} FROM ${s.rel(w.affected)})` : '';
  return (
    `SELECT ${pk}, max(${s.id('session_end')}) AS ${s.id('kept_end')}\nFROM ${s.rel(sessions)}\n` +
    `WHERE ${s.id('session_end')} < ${s.a.timestampLiteral(w.keepUntil)}${notAffected}\nGROUP BY ${pk}`
  );
}

/**
 * What eventsSelect keeps on an incremental build: a person's events after their last kept
 * session (and within the read window), and every event of an affected person. `{person_key}`
 * stands for the events' person key expression.
 */
export function incrementalFilter(s: SqlContext, spec: JourneySpec, keptEnds: Relation, w: Window): EventsFilter {
  const at = s.a.utcTimestamp(`${s.id('journey_source')}.${s.id(spec.columns.timestamp)}`);
  const kept = `${s.id('kept')}.${s.id('kept_end')}`;
  const windowed = `(${at} >= ${s.a.timestampLiteral(w.readFrom)} AND (${kept} IS NULL OR ${at} > ${kept}))`;
  return {
    join: `LEFT JOIN ${s.rel(keptEnds)} ${s.id('kept')} ON ${s.id('kept')}.${s.id('person_key')} = {person_key}`,
    where: w.affected ? `${windowed} OR {person_key} IN (SELECT ${s.id('person_key')} FROM ${s.rel(w.affected)})` : windowed,
  };
}

export interface EventsFilter {
  join: string;
  where: string;
}

/** Sessions that the incremental build replaces. */
export function deleteReopenedSql(s: SqlContext, sessions: Relation, w: Window): string {
  return `DELETE FROM ${s.rel(sessions)}\nWHERE ${reopened(s, w)}`;
}

/** Sessions that end at or after keepUntil or belong to a re-stitched person: rebuilt from the staged ones. */
function reopened(s: SqlContext, w: Window): string {
  const pk = s.id('person_key');
  const affected = w.affected ? ` OR ${pk} IN (SELECT ${pk} FROM ${s.rel(w.affected)})` : '';
  return `${s.id('session_end')} >= ${s.a.timestampLiteral(w.keepUntil)}${affected}`;
}

/**
 * The sessions after an incremental build, as one SELECT: the kept ones (those the DELETE above
 * spares, NULL conditions included) and the staged ones. For engines that build a new table and swap it.
 */
export function mergedSessionsSelect(s: SqlContext, sessions: Relation, staged: Relation, w: Window, columns: string[]): string {
  const cols = columns.map(s.id).join(', ');
  return `SELECT ${cols} FROM ${s.rel(sessions)}\nWHERE NOT COALESCE(${reopened(s, w)}, FALSE)\nUNION ALL\nSELECT ${cols} FROM ${s.rel(staged)}`;
}
