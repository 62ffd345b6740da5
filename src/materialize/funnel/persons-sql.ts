import type { SqlContext } from '../journey/sql-context.js';
import type { FunnelSpec } from './config.js';
import { range, REACHED, reachedMs, withCtes, type Cte } from './ctes.js';
import { splitLeadingWith } from './leading-with.js';
import type { PersonKey } from './person.js';
import { reachWithArrays } from './reach-arrays.js';
import { reachWithWindows } from './reach-windows.js';
import { PERSON, stepEventsSelect } from './step-events-sql.js';

/** How the per-person times are computed; both give the same rows (the tests run both on DuckDB). */
export type FunnelStrategy = 'arrays' | 'windows';

export const defaultStrategy = (s: SqlContext): FunnelStrategy => (s.a.groupArrays ? 'arrays' : 'windows');

const FURTHEST = 'keel_furthest';

/**
 * The per-person table: one row per person who entered (did step 1), with the breakdown of the
 * entry, the furthest step reached, each reached step's time and the time to convert.
 */
export function personsSelect(s: SqlContext, spec: FunnelSpec, person: PersonKey, eventsSql: string, strategy = defaultStrategy(s)): string {
  const k = spec.steps.length;
  // the model's own WITH list (ephemeral models) cannot stay inside a CTE on Redshift: it goes first
  const lead = splitLeadingWith(eventsSql);
  const events: Cte = ['keel_step_events', stepEventsSelect(s, spec, person, lead.body), true];
  const reach = strategy === 'arrays' ? reachWithArrays(s, s.a.groupArrays ?? noArrays(s), spec, events[0]) : reachWithWindows(s, spec, events[0]);
  // the first step not reached ends the funnel, in any order too: later times are not counted
  const furthest = `CASE ${range(2, k)
    .map((i) => `WHEN ${reachedMs(i)} IS NULL THEN ${i - 1}`)
    .join(' ')} ELSE ${k} END`;
  const convertedAt = spec.order === 'strict' ? reachedMs(k) : `GREATEST(${range(2, k).map(reachedMs).join(', ')})`;
  const double = s.a.typeName('double');
  const columns = [
    `${PERSON} AS ${s.id(person.output)}`,
    ...spec.breakdown.map(s.id),
    `${FURTHEST} AS furthest_step`,
    `CASE ${FURTHEST} ${spec.steps.map((st, i) => `WHEN ${i + 1} THEN ${s.a.stringLiteral(st.name)}`).join(' ')} END AS furthest_step_name`,
    `CASE WHEN ${FURTHEST} = ${k} THEN TRUE ELSE FALSE END AS converted`,
    `${s.a.fromEpochMillis(reachedMs(1))} AS ${s.id(`${spec.steps[0]!.name}_at`)}`,
    ...range(2, k).map((i) => `CASE WHEN ${FURTHEST} >= ${i} THEN ${s.a.fromEpochMillis(reachedMs(i))} END AS ${s.id(`${spec.steps[i - 1]!.name}_at`)}`),
    `CASE WHEN ${FURTHEST} = ${k} THEN CAST(${convertedAt} - ${reachedMs(1)} AS ${double}) / 1000 END AS seconds_to_convert`,
  ];
  return withCtes(
    [events, ...reach, ['keel_furthest', `SELECT r.*, ${furthest} AS ${FURTHEST}\nFROM ${REACHED} AS r`]],
    `SELECT\n  ${columns.join(',\n  ')}\nFROM keel_furthest`,
    lead,
  );
}

function noArrays(s: SqlContext): never {
  throw new Error(`the arrays funnel plan needs per-group arrays, which keel does not use on ${s.a.name}`);
}
