import type { GroupArrays } from '../../engines/analytics-dialect.js';
import type { SqlContext } from '../journey/sql-context.js';
import type { FunnelSpec } from './config.js';
import { range, REACHED, reachedMs, type Cte } from './ctes.js';
import { MS, PERSON, STEP } from './step-events-sql.js';

const list = (i: number) => `keel_list_${i}`;
const DEADLINE = 'keel_deadline';

/**
 * Single-node plan: one GROUP BY per person gathers each later step's times into an array, then
 * each step's time is the smallest array element at or after the previous step's (strict) or the
 * entry (any order) and within the window: array scans instead of one window pass per step.
 */
export function reachWithArrays(s: SqlContext, g: GroupArrays, spec: FunnelSpec, events: string): Cte[] {
  const k = spec.steps.length;
  const entryMs = `CASE WHEN ${STEP} = 1 THEN ${MS} END`;
  const gathered = [
    PERSON,
    `min(${entryMs}) AS ${reachedMs(1)}`,
    ...range(2, k).map((i) => `${g.collect(MS, `${STEP} = ${i}`)} AS ${list(i)}`),
    ...spec.breakdown.map((b) => `${g.valueAtMinKey(MS, s.id(b), `${STEP} = 1`)} AS ${s.id(b)}`),
  ];
  const ctes: Cte[] = [
    ['keel_gathered', `SELECT\n  ${gathered.join(',\n  ')}\nFROM ${events}\nGROUP BY ${PERSON}`],
    ['keel_reach_1', `SELECT g.*, ${reachedMs(1)} + ${spec.window.ms} AS ${DEADLINE}\nFROM keel_gathered AS g\nWHERE ${reachedMs(1)} IS NOT NULL`],
  ];
  const after = (i: number) => (spec.order === 'strict' ? reachedMs(i - 1) : reachedMs(1));
  const at = (i: number) => g.minWhere(list(i), 'keel_t', `keel_t >= ${after(i)} AND keel_t <= ${DEADLINE}`);
  if (spec.order === 'strict') {
    // each step waits for the previous one's time: one projection per step, no extra scan
    for (const i of range(2, k)) ctes.push([`keel_reach_${i}`, `SELECT r.*, ${at(i)} AS ${reachedMs(i)}\nFROM keel_reach_${i - 1} AS r`]);
  } else {
    ctes.push([
      `keel_reach_${k}`,
      `SELECT r.*, ${range(2, k)
        .map((i) => `${at(i)} AS ${reachedMs(i)}`)
        .join(',\n  ')}\nFROM keel_reach_1 AS r`,
    ]);
  }
  const kept = [PERSON, ...range(1, k).map(reachedMs), ...spec.breakdown.map(s.id)];
  ctes.push([REACHED, `SELECT ${kept.join(', ')}\nFROM keel_reach_${k}`]);
  return ctes;
}
