import type { Node } from '../core/nodes.js';
import { dependencyCycleError } from './cycle.js';
import type { NodeGraph } from './node-graph.js';
import { RankHeap } from './rank-heap.js';

/**
 * Kahn's algorithm; among nodes ready at the same time the smallest name goes first (then the
 * smallest id), so the order (and therefore run order and logs) is the same on every run.
 * Returns the nodes in that order. Throws a KeelError describing one cycle if the graph is not a DAG.
 */
export function topologicalSort(graph: NodeGraph): Node[] {
  const ids: string[] = [];
  const nodes: Node[] = [];
  graph.forEachNode((id, attributes) => {
    ids.push(id);
    nodes.push(attributes.node);
  });
  const n = ids.length;
  const { byName, tieRank } = nameRanks(ids, nodes);
  const { childStart, children, remainingParents } = integerEdges(graph, ids);
  const ready = new RankHeap(n);
  for (let i = 0; i < n; i++) if (remainingParents[i] === 0) ready.push(tieRank[i]!);
  const order = new Array<Node>(n);
  let placed = 0;
  while (ready.size > 0) {
    const i = byName[ready.pop()]!;
    order[placed++] = nodes[i]!;
    for (let k = childStart[i]!; k < childStart[i + 1]!; k++) {
      const child = children[k]!;
      if (--remainingParents[child] === 0) ready.push(tieRank[child]!);
    }
  }
  if (placed < n) {
    const unsorted = new Set<string>();
    for (let i = 0; i < n; i++) if (remainingParents[i]! > 0) unsorted.add(ids[i]!);
    throw dependencyCycleError(graph, unsorted);
  }
  return order;
}

/** Positions of `ids` sorted by name then id (`byName`), and each position's rank in that order, so the heap compares integers. */
function nameRanks(ids: string[], nodes: Node[]): { byName: number[]; tieRank: Int32Array } {
  const names = nodes.map((node) => node.name);
  const byName: number[] = [];
  for (let i = 0; i < ids.length; i++) byName.push(i);
  byName.sort((a, b) => {
    const nameA = names[a]!;
    const nameB = names[b]!;
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    return ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0;
  });
  const tieRank = new Int32Array(ids.length);
  for (let r = 0; r < ids.length; r++) tieRank[byName[r]!] = r;
  return { byName, tieRank };
}

/**
 * A throwaway integer copy of the graph's edges, for this one pass: Kahn over graphology's
 * neighbor callbacks, mapping each key back to a position, took about twice as long on a
 * 30,000-node project. Children of position i: children[childStart[i] .. childStart[i + 1]).
 * A self-loop counts as a parent that never finishes, so ref-to-self surfaces as a cycle.
 */
function integerEdges(graph: NodeGraph, ids: string[]): { childStart: Int32Array; children: Int32Array; remainingParents: Int32Array } {
  const n = ids.length;
  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) position.set(ids[i]!, i);
  const sources = new Int32Array(graph.size);
  const targets = new Int32Array(graph.size);
  const childStart = new Int32Array(n + 1);
  const remainingParents = new Int32Array(n);
  let e = 0;
  graph.forEachEdge((_edge, _attributes, source, target) => {
    const from = position.get(source)!;
    const to = position.get(target)!;
    sources[e] = from;
    targets[e++] = to;
    childStart[from + 1]++;
    remainingParents[to]++;
  });
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i]!;
  const children = new Int32Array(e);
  const cursor = childStart.slice(0, n);
  for (let k = 0; k < e; k++) children[cursor[sources[k]!]!++] = targets[k]!;
  return { childStart, children, remainingParents };
}
