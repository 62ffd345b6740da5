import type { Engine } from '../../engines/engine.js';
import type { Quoting } from '../../engines/quoting.js';
import type { FunnelBreakdown } from '../types.js';
import { FUNNEL_AGGREGATE } from './funnel-columns.js';
import { toNumber } from './values.js';

/** Groups drawn side by side; past a handful the bars get too thin to compare. */
const MAX_GROUPS = 6;

/** Persons per step for each breakdown value, over all periods; the largest groups by entries. */
export async function loadFunnelBreakdown(engine: Engine, quoting: Quoting, relation: string, columns: string[], steps: number): Promise<FunnelBreakdown> {
  const q = quoting.quoteIdentifier;
  const keys = columns.map((c, i) => `${q(c)} as ${q(`b${i}`)}`).join(', ');
  const { rows } = await engine.execute(
    `select ${keys}, ${q(FUNNEL_AGGREGATE.stepIndex)} as step_index, sum(${q(FUNNEL_AGGREGATE.persons)}) as persons` +
      ` from ${relation} group by ${columns.map(q).join(', ')}, ${q(FUNNEL_AGGREGATE.stepIndex)}`,
  );
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const label = columns.map((_, i) => (r[`b${i}`] === null ? '(none)' : String(r[`b${i}`]))).join(' / ');
    const persons = groups.get(label) ?? new Array<number>(steps).fill(0);
    persons[toNumber(r.step_index) - 1] = toNumber(r.persons) || 0;
    groups.set(label, persons);
  }
  const sorted = [...groups].map(([label, persons]) => ({ label, persons })).sort((a, b) => b.persons[0] - a.persons[0] || a.label.localeCompare(b.label));
  return { columns, groups: sorted.slice(0, MAX_GROUPS), others: Math.max(0, sorted.length - MAX_GROUPS) };
}
