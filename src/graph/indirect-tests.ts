import type { KeelGraph } from './keel-graph.js';

/**
 * How tests are pulled in by selecting what they test:
 * - `cautious`: a test is added when every node it depends on is selected (a relationships test
 *   needs both models), so nothing outside the selection is read.
 * - `eager`: a test is added when any node it depends on is selected (dbt's default).
 * - `empty`: no tests are added.
 */
export type IndirectSelection = 'cautious' | 'eager' | 'empty';

/**
 * `selected` plus the tests it implies. A test that is in `excluded`, or that depends on an
 * excluded node, stays out: excluding a model should not leave its tests reading it.
 */
export function withAttachedTests(
  graph: KeelGraph,
  selected: ReadonlySet<string>,
  options: { mode?: IndirectSelection; excluded?: ReadonlySet<string> } = {},
): Set<string> {
  const mode = options.mode ?? 'cautious';
  const result = new Set(selected);
  if (mode === 'empty') return result;
  const implied = mode === 'cautious' ? (deps: string[]) => deps.every((d) => selected.has(d)) : (deps: string[]) => deps.some((d) => selected.has(d));
  for (const node of graph.nodes()) {
    if (node.kind !== 'test' || result.has(node.uniqueId) || options.excluded?.has(node.uniqueId)) continue;
    const deps = graph.parents(node.uniqueId);
    // a test that depends on nothing is never implied by a selection
    if (deps.length > 0 && implied(deps) && !deps.some((d) => options.excluded?.has(d))) result.add(node.uniqueId);
  }
  return result;
}
