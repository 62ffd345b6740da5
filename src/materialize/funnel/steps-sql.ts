import type { Relation } from '../../core/relation.js';
import type { SqlContext } from '../journey/sql-context.js';
import type { FunnelSpec } from './config.js';
import { range, withCtes } from './ctes.js';

const FULL_FRAME = 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';

/**
 * The aggregate table, from the per-person table (never from the events again): for every period
 * of entry (the grain), breakdown and step, the persons who reached it, conversion from the first
 * and the previous step, and the median time from the previous step among those who reached it.
 * Every step gets a row, with 0 persons when nobody got there.
 */
export function stepsSelect(s: SqlContext, spec: FunnelSpec, persons: Relation): string {
  const at = (i: number) => `p.${s.id(`${spec.steps[i - 1]!.name}_at`)}`;
  const names = spec.steps.map((st, i) => `SELECT ${i + 1} AS step_number, ${s.a.stringLiteral(st.name)} AS step_name`).join('\nUNION ALL\n');
  const reached = 'p.furthest_step >= n.step_number';
  const fromPrevious = `CASE n.step_number ${range(2, spec.steps.length)
    .map((i) => `WHEN ${i} THEN ${s.a.diffMilliseconds(at(i - 1), at(i))}`)
    .join(' ')} END`;
  const breakdown = spec.breakdown.map(s.id);
  const group = ['period', ...breakdown];
  const perGroup = `PARTITION BY ${group.join(', ')} ORDER BY step_number`;
  const double = s.a.typeName('double');
  return withCtes(
    [
      ['keel_step_names', names],
      [
        'keel_person_steps',
        `SELECT
  ${s.a.dateTrunc(spec.grain, at(1))} AS period,${breakdown.map((b) => `\n  p.${b},`).join('')}
  n.step_number,
  n.step_name,
  CASE WHEN ${reached} THEN 1 END AS keel_reached,
  CASE WHEN ${reached} THEN ${fromPrevious} END AS keel_ms_from_previous
FROM ${s.rel(persons)} AS p
CROSS JOIN keel_step_names AS n`,
      ],
      [
        'keel_counts',
        `SELECT ${[...group, 'step_number', 'step_name'].join(', ')},
  count(keel_reached) AS persons,
  ${s.a.median('keel_ms_from_previous')} AS keel_median_ms
FROM keel_person_steps
GROUP BY ${[...group, 'step_number', 'step_name'].join(', ')}`,
      ],
    ],
    `SELECT
  ${[...group, 'step_number', 'step_name', 'persons'].join(',\n  ')},
  CAST(persons AS ${double}) / first_value(persons) OVER (${perGroup} ${FULL_FRAME}) AS conversion_from_first,
  CAST(persons AS ${double}) / NULLIF(lag(persons) OVER (${perGroup}), 0) AS conversion_from_previous,
  keel_median_ms / 1000 AS median_seconds_from_previous
FROM keel_counts`,
  );
}
