import { dependencyCycleError } from './cycle.js';
import { MinHeap } from './min-heap.js';
import { compareByNameThenId, type NodeGraph } from './node-graph.js';

/**
 * Kahn's algorithm; among nodes ready at the same time the smallest name goes first, so
 * the order (and therefore run order and logs) is the same on every run.
 * Throws a KeelError describing one cycle if the graph is not a DAG.
 */
export function topologicalSort(graph: NodeGraph): string[] {
  const remainingParents = new Map<string, number>();
  // compare precomputed positions: comparing names inside the heap dominated build time on large graphs
  const tieBreak = new Map(graph.nodes().sort(compareByNameThenId(graph)).map((id, index) => [id, index]));
  const ready = new MinHeap<string>((a, b) => (tieBreak.get(a) as number) - (tieBreak.get(b) as number));
  graph.forEachNode((id) => {
    // a self-loop counts as a parent that never finishes, so ref-to-self surfaces as a cycle
    const count = graph.inDegree(id);
    remainingParents.set(id, count);
    if (count === 0) ready.push(id);
  });
  const order: string[] = [];
  for (let id = ready.pop(); id !== undefined; id = ready.pop()) {
    order.push(id);
    graph.forEachOutNeighbor(id, (child) => {
      const left = (remainingParents.get(child) as number) - 1;
      remainingParents.set(child, left);
      if (left === 0) ready.push(child);
    });
  }
  if (order.length < graph.order) {
    const unsorted = new Set([...remainingParents].filter(([, left]) => left > 0).map(([id]) => id));
    throw dependencyCycleError(graph, unsorted);
  }
  return order;
}
