import type { ModelNode } from '../../core/nodes.js';
import { parseFunnelConfig } from '../../materialize/funnel/config.js';
import { funnelOutputs } from '../../materialize/funnel/plan.js';
import { loadFunnelBreakdown } from './funnel-breakdown.js';
import { FUNNEL_AGGREGATE } from './funnel-columns.js';
import type { Engine } from '../../engines/engine.js';
import type { Quoting } from '../../engines/quoting.js';
import type { FunnelPage, FunnelStep } from '../types.js';
import { toNumber, toNumberOrNull } from './values.js';

/**
 * The funnel's steps from the last build: persons per step summed over every grain period and
 * breakdown value (each person is counted in one), conversion recomputed from those sums. The
 * median time between steps only survives when there is one row per step: medians do not add.
 */
export async function loadFunnelPage(
  engine: Engine | null,
  quoting: Quoting,
  node: ModelNode,
  builtAt: string | null,
  unavailable: string | null,
): Promise<FunnelPage> {
  const page: FunnelPage = { id: node.uniqueId, name: node.name, relation: null, steps: [], grain: null, periods: 0, breakdown: null, builtAt, message: null };
  if (!node.relation) return { ...page, message: 'this funnel has no relation' };
  const agg = funnelOutputs(node.relation).steps;
  page.relation = quoting.quoteRelation(agg);
  if (!engine) return { ...page, message: unavailable };
  if (!(await engine.getRelation(agg))) return { ...page, message: `${page.relation} does not exist yet: build the funnel first` };
  const columns = new Set((await engine.getColumns(agg)).map((c) => c.name.toLowerCase()));
  const q = quoting.quoteIdentifier;
  const median = columns.has(FUNNEL_AGGREGATE.medianSeconds) ? `case when count(*) = 1 then max(${q(FUNNEL_AGGREGATE.medianSeconds)}) end` : 'null';
  const { rows } = await engine.execute(
    `select ${q(FUNNEL_AGGREGATE.stepIndex)} as step_index, max(${q(FUNNEL_AGGREGATE.stepName)}) as step_name,` +
      ` sum(${q(FUNNEL_AGGREGATE.persons)}) as persons, ${median} as median_seconds` +
      ` from ${page.relation} group by ${q(FUNNEL_AGGREGATE.stepIndex)} order by ${q(FUNNEL_AGGREGATE.stepIndex)}`,
  );
  const steps = funnelSteps(rows);
  // the build validated the config; here it only names the grain and the breakdown columns
  const spec = parseFunnelConfig(node.config.funnel, node.path);
  const periods = await engine.execute(`select count(distinct ${q('period')}) as n from ${page.relation}`);
  const breakdown = spec.breakdown.length && steps.length ? await loadFunnelBreakdown(engine, quoting, page.relation, spec.breakdown, steps.length) : null;
  return { ...page, steps, grain: spec.grain, periods: toNumber(periods.rows[0]?.n) || 0, breakdown };
}

/** Conversion from the first and from the previous step; a step after zero persons has no conversion. */
export function funnelSteps(rows: Record<string, unknown>[]): FunnelStep[] {
  const persons = rows.map((r) => toNumber(r.persons) || 0);
  return rows.map((r, i) => ({
    index: toNumber(r.step_index),
    name: String(r.step_name ?? `step ${i + 1}`),
    persons: persons[i],
    conversionFromFirst: persons[0] > 0 ? persons[i] / persons[0] : null,
    conversionFromPrevious: i === 0 ? (persons[0] > 0 ? 1 : null) : persons[i - 1] > 0 ? persons[i] / persons[i - 1] : null,
    medianSecondsFromPrevious: toNumberOrNull(r.median_seconds),
  }));
}
