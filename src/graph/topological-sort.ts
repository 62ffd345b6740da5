import type { Node } from '../core/nodes.js';
import { dependencyCycleError } from './cycle.js';
import type { NodeEdges, NodeGraph } from './node-graph.js';
import { RankHeap } from './rank-heap.js';

/**
 * Kahn's algorithm over the edges by position; among nodes ready at the same time the smallest
 * name goes first (then the smallest id), so the order (and therefore run order and logs) is the
 * same on every run. Returns the nodes in that order. Throws a KeelError describing one cycle if
 * the graph is not a DAG (`graph` is only asked for then, to name it).
 */
export function topologicalSort(nodes: readonly Node[], edges: NodeEdges, graph: () => NodeGraph): Node[] {
  const n = nodes.length;
  const { byName, tieRank } = nameRanks(nodes);
  const { childStart, children, remainingParents } = childLists(n, edges);
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
    for (let i = 0; i < n; i++) if (remainingParents[i]! > 0) unsorted.add(nodes[i]!.uniqueId);
    throw dependencyCycleError(graph(), unsorted);
  }
  return order;
}

/** Positions sorted by name then id (`byName`), and each position's rank in that order, so the heap compares integers. */
function nameRanks(nodes: readonly Node[]): { byName: number[]; tieRank: Int32Array } {
  const names = nodes.map((node) => node.name);
  const ids = nodes.map((node) => node.uniqueId);
  const byName: number[] = [];
  for (let i = 0; i < nodes.length; i++) byName.push(i);
  byName.sort((a, b) => {
    const nameA = names[a]!;
    const nameB = names[b]!;
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    return ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0;
  });
  const tieRank = new Int32Array(nodes.length);
  for (let r = 0; r < nodes.length; r++) tieRank[byName[r]!] = r;
  return { byName, tieRank };
}

/**
 * Children of position i: children[childStart[i] .. childStart[i + 1]); and each position's count
 * of parents. A self-loop counts as a parent that never finishes, so ref-to-self surfaces as a cycle.
 */
function childLists(n: number, { sources, targets }: NodeEdges): { childStart: Int32Array; children: Int32Array; remainingParents: Int32Array } {
  const childStart = new Int32Array(n + 1);
  const remainingParents = new Int32Array(n);
  for (let k = 0; k < sources.length; k++) {
    childStart[sources[k]! + 1]++;
    remainingParents[targets[k]!]++;
  }
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i]!;
  const children = new Int32Array(sources.length);
  const cursor = childStart.slice(0, n);
  for (let k = 0; k < sources.length; k++) children[cursor[sources[k]!]!++] = targets[k]!;
  return { childStart, children, remainingParents };
}
