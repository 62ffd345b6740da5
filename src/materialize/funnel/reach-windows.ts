import type { SqlContext } from '../journey/sql-context.js';
import type { FunnelSpec } from './config.js';
import { range, REACHED, reachedMs, type Cte } from './ctes.js';
import { MS, PERSON, STEP } from './step-events-sql.js';

const byPerson = `OVER (PARTITION BY ${PERSON})`;

/**
 * Portable plan (distributed engines, no arrays): a window gives every event its person's entry
 * time; events outside [entry, entry + window] go; in strict order each step's time is a window
 * min over the events at or after the previous step's time, and one GROUP BY per person ends it.
 */
export function reachWithWindows(s: SqlContext, spec: FunnelSpec, events: string): Cte[] {
  const k = spec.steps.length;
  const ctes: Cte[] = [
    ['keel_entered', `SELECT e.*, min(CASE WHEN ${STEP} = 1 THEN ${MS} END) ${byPerson} AS ${reachedMs(1)}\nFROM ${events} AS e`],
    [
      'keel_in_window',
      `SELECT *\nFROM keel_entered\nWHERE ${reachedMs(1)} IS NOT NULL AND ${MS} >= ${reachedMs(1)} AND ${MS} <= ${reachedMs(1)} + ${spec.window.ms}`,
    ],
  ];
  const firstAfter = (i: number, from: string) => `min(CASE WHEN ${STEP} = ${i} AND ${MS} >= ${from} THEN ${MS} END)`;
  let last = 'keel_in_window';
  const times = [`min(${reachedMs(1)}) AS ${reachedMs(1)}`];
  if (spec.order === 'strict') {
    // step i needs step i-1's time first: a window per middle step, the last one folds into the GROUP BY
    for (const i of range(2, k - 1)) {
      ctes.push([`keel_chain_${i}`, `SELECT c.*, ${firstAfter(i, reachedMs(i - 1))} ${byPerson} AS ${reachedMs(i)}\nFROM ${last} AS c`]);
      last = `keel_chain_${i}`;
      times.push(`min(${reachedMs(i)}) AS ${reachedMs(i)}`);
    }
    times.push(`${firstAfter(k, reachedMs(k - 1))} AS ${reachedMs(k)}`);
  } else {
    for (const i of range(2, k)) times.push(`${firstAfter(i, reachedMs(1))} AS ${reachedMs(i)}`);
  }
  const breakdown = spec.breakdown.map((b) => `min(CASE WHEN ${STEP} = 1 AND ${MS} = ${reachedMs(1)} THEN ${s.id(b)} END) AS ${s.id(b)}`);
  ctes.push([REACHED, `SELECT\n  ${[PERSON, ...times, ...breakdown].join(',\n  ')}\nFROM ${last}\nGROUP BY ${PERSON}`]);
  return ctes;
}
