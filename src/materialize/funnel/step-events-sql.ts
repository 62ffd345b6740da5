import { nullIfBlank, type SqlContext } from '../journey/sql-context.js';
import type { FunnelSpec } from './config.js';
import type { PersonKey } from './person.js';

/** Working columns of the one scan: who, when (epoch ms), which step (1-based). */
export const PERSON = 'keel_person';
export const MS = 'keel_ms';
export const STEP = 'keel_step';

// a `--` comment at the end of a user's condition would swallow what follows on its line
const closeLine = (sql: string) => (sql.includes('--') ? `${sql}\n` : sql);

/**
 * The single scan of the model's events: each row is tagged with the FIRST step whose condition
 * it matches (so one event counts for one step at most), and rows matching none are dropped.
 * Times become epoch milliseconds so every engine compares and subtracts them exactly.
 */
export function stepEventsSelect(s: SqlContext, spec: FunnelSpec, person: PersonKey, eventsSql: string): string {
  const text = (c: string) => `CAST(${s.id(c)} AS ${s.a.typeName('string')})`;
  // an empty or blank id is no id (as in journeys): the next column counts, else the event is dropped
  const who =
    person.columns.length === 1
      ? nullIfBlank(s, s.id(person.columns[0]!), text(person.columns[0]!))
      : `COALESCE(${person.columns.map((c) => nullIfBlank(s, text(c))).join(', ')})`;
  const whens = spec.steps.map((step, i) => `        WHEN (${closeLine(step.where)}) THEN ${i + 1}`).join('\n');
  const breakdown = spec.breakdown.map((b) => `,\n      ${s.id(b)}`).join('');
  // indented to sit in its CTE; the model's SQL stays as written (see Cte)
  return `  SELECT *
  FROM (
    SELECT
      ${who} AS ${PERSON},
      ${s.a.epochMillis(s.a.utcTimestamp(s.id(spec.timestamp)))} AS ${MS},
      CASE
${whens}
      END AS ${STEP}${breakdown}
    FROM (
${eventsSql}
    ) AS keel_events
  ) AS keel_tagged
  WHERE ${STEP} IS NOT NULL AND ${PERSON} IS NOT NULL AND ${MS} IS NOT NULL`;
}
