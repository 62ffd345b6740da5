import type { NodeKind } from '../core/nodes.js';
import { withAttachedTests, type IndirectSelection } from './indirect-tests.js';
import type { KeelGraph } from './keel-graph.js';
import { getSelectorMethod } from './selector-methods.js';
import { parseSelectors, type SelectorAtom, type SelectorExpression } from './selector-parser.js';

export interface SelectOptions {
  /** --select arguments; absent or empty selects every node */
  select?: readonly string[];
  /** --exclude arguments, removed after selection */
  exclude?: readonly string[];
  /** --resource-type filter, applied last so tests implied by selected models can be kept or dropped */
  resourceTypes?: readonly NodeKind[];
  /** tests pulled in by selecting what they test; default `empty` (see withAttachedTests) */
  indirectSelection?: IndirectSelection;
}

/**
 * Resolves dbt selection syntax to node ids, in topological order. A selector that matches
 * nothing is not an error (callers warn); a malformed selector or unknown method is.
 */
export function select(graph: KeelGraph, options: SelectOptions = {}): Set<string> {
  const excluded = options.exclude?.length ? evaluate(graph, parseSelectors(options.exclude)) : new Set<string>();
  const included = options.select?.length ? evaluate(graph, parseSelectors(options.select)) : new Set(graph.topologicalOrder());
  let selected = excluded.size > 0 ? new Set([...included].filter((id) => !excluded.has(id))) : included;
  selected = withAttachedTests(graph, selected, { mode: options.indirectSelection ?? 'empty', excluded });
  const types = options.resourceTypes?.length ? new Set(options.resourceTypes) : undefined;
  // one pass in topological order: no lookup of each id, no sort
  const kept = new Set<string>();
  for (const node of graph.nodes()) {
    if (selected.has(node.uniqueId) && (!types || types.has(node.kind))) kept.add(node.uniqueId);
  }
  return kept;
}

/** The --select (or --exclude) arguments that, each on its own, match no node. */
export function unmatchedSelectors(graph: KeelGraph, selectors: readonly string[] = []): string[] {
  return selectors.filter((s) => evaluate(graph, parseSelectors([s])).size === 0);
}

/** Evaluates a parsed expression: union of intersections. */
export function evaluate(graph: KeelGraph, expression: SelectorExpression): Set<string> {
  const union = new Set<string>();
  for (const intersection of expression) {
    let result: Set<string> | undefined;
    for (const atom of intersection) {
      const matched = selectAtom(graph, atom);
      result = result === undefined ? matched : new Set([...result].filter((id) => matched.has(id)));
    }
    for (const id of result ?? []) union.add(id);
  }
  return union;
}

export function selectAtom(graph: KeelGraph, atom: SelectorAtom): Set<string> {
  const matches = getSelectorMethod(atom.method, atom.raw)(atom.value, atom.args, graph);
  const base = graph
    .nodes()
    .filter(matches)
    .map((n) => n.uniqueId);
  const result = new Set(base);
  const addAll = (ids: Iterable<string>) => {
    for (const id of ids) result.add(id);
  };
  if (atom.parents) addAll(graph.ancestors(base, atom.parentsDepth));
  if (atom.children) addAll(graph.descendants(base, atom.childrenDepth));
  if (atom.childrensParents) {
    const descendants = graph.descendants(base);
    addAll(descendants);
    addAll(graph.ancestors([...base, ...descendants]));
  }
  return result;
}
