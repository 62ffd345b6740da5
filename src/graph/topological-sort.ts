import { dependencyCycleError } from './cycle.js';
import type { NodeGraph } from './node-graph.js';

/**
 * Kahn's algorithm over node indices; among nodes ready at the same time the smallest name
 * goes first (then the smallest id), so the order (and therefore run order and logs) is the
 * same on every run. Returns node indices in order. Throws a KeelError describing one cycle
 * if the graph is not a DAG.
 */
export function topologicalSort(graph: NodeGraph): Int32Array {
  const n = graph.order;
  const { nodes, ids, parentStart, childStart, childIndex } = graph;
  // the heap holds tie-break ranks, so comparing two ready nodes is comparing two integers
  const names = nodes.map((node) => node.name);
  const byName: number[] = [];
  for (let i = 0; i < n; i++) byName.push(i);
  byName.sort((a, b) => {
    const nameA = names[a]!;
    const nameB = names[b]!;
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    return ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0;
  });
  const tieRank = new Int32Array(n);
  for (let r = 0; r < n; r++) tieRank[byName[r]!] = r;

  // a self-loop counts as a parent that never finishes, so ref-to-self surfaces as a cycle
  const remainingParents = new Int32Array(n);
  const ready = new RankHeap(n);
  for (let i = 0; i < n; i++) {
    remainingParents[i] = parentStart[i + 1]! - parentStart[i]!;
    if (remainingParents[i] === 0) ready.push(tieRank[i]!);
  }
  const order = new Int32Array(n);
  let placed = 0;
  while (ready.size > 0) {
    const i = byName[ready.pop()]!;
    order[placed++] = i;
    for (let k = childStart[i]!; k < childStart[i + 1]!; k++) {
      const child = childIndex[k]!;
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

/** Binary min-heap of non-negative integers below a known bound. */
class RankHeap {
  private readonly items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
  }

  push(value: number): void {
    const items = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items[--this.size]!;
    const size = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && items[child + 1]! < items[child]!) child++;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
