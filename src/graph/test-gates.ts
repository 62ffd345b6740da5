import type { KeelGraph } from './keel-graph.js';

/**
 * For `build`: the nodes each selected test gates. As in dbt build, a test gates every
 * non-test node downstream of all the nodes it tests, so a failing test stops bad data from
 * propagating. Only the nearest such nodes are listed; the rest wait transitively.
 * A gated node is never upstream of its test's dependencies, so gating cannot create a cycle.
 */
export function testGates(graph: KeelGraph, selected: ReadonlySet<string>): Map<string, string[]> {
  const gates = new Map<string, string[]>();
  // relationships tests often share the same pair of models; the walk is the costly part
  const byDependencies = new Map<string, string[]>();
  for (const testId of selected) {
    if (graph.node(testId).kind !== 'test') continue;
    const dependencies = graph.parents(testId);
    const key = [...dependencies].sort().join('\n');
    let gated = byDependencies.get(key);
    if (gated === undefined) {
      gated = nearestCommonDownstream(graph, dependencies);
      byDependencies.set(key, gated);
    }
    if (gated.length > 0) gates.set(testId, gated);
  }
  return gates;
}

/** Non-test nodes downstream of every one of `ids` that have no parent with the same property. */
function nearestCommonDownstream(graph: KeelGraph, ids: string[]): string[] {
  const isRunnable = (id: string) => graph.node(id).kind !== 'test';
  if (ids.length === 0) return [];
  // common case (unique, not_null, ...): one tested node, whose non-test children are the answer
  if (ids.length === 1) return graph.children(ids[0]).filter(isRunnable);
  let common: Set<string> | undefined;
  for (const id of ids) {
    const downstream = graph.descendants(id);
    common = common === undefined ? downstream : new Set([...common].filter((d) => downstream.has(d)));
  }
  const candidates = new Set([...(common ?? [])].filter(isRunnable));
  return [...candidates].filter((id) => !graph.parents(id).some((p) => candidates.has(p)));
}
