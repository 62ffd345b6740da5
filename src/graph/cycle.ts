import { KeelError } from '../core/errors.js';
import type { Node } from '../core/nodes.js';
import { compareByNameThenId, type NodeGraph } from './node-graph.js';

/**
 * Builds the error for a graph that has a cycle. `unsorted` are the nodes Kahn's algorithm
 * could not place: each has a parent inside the set, so walking parents from any of them
 * must eventually repeat a node, and the repeated stretch is a cycle. Choices are made by
 * name so the same project always reports the same cycle.
 */
export function dependencyCycleError(graph: NodeGraph, unsorted: Set<string>): KeelError {
  const byName = compareByNameThenId(graph);
  const cycle = rotateToSmallest(findCycle(graph, unsorted, byName), byName);
  const nodes = cycle.map((id) => graph.getNodeAttribute(id, 'node'));
  const first = nodes[0];
  const feeder = nodes[nodes.length - 1];
  const path = [...nodes, first].map((n) => n.name).join(' -> ');
  return new KeelError(`Dependency cycle: ${path}`, {
    location: { file: first.path, line: refLine(first, feeder) },
    hint: 'Each arrow points from a node to one that reads from it; remove one of these ref() calls to break the cycle.',
  });
}

/** Returns the cycle in dependency-flow order (each node feeds the next, the last feeds the first). */
function findCycle(graph: NodeGraph, unsorted: Set<string>, byName: (a: string, b: string) => number): string[] {
  const start = [...unsorted].sort(byName)[0];
  const walk: string[] = [];
  const positionInWalk = new Map<string, number>();
  let current = start;
  while (!positionInWalk.has(current)) {
    positionInWalk.set(current, walk.length);
    walk.push(current);
    current = graph
      .inNeighbors(current)
      .filter((p) => unsorted.has(p))
      .sort(byName)[0];
  }
  // the walk went against the edges, so reverse it to read in the direction data flows
  return walk.slice(positionInWalk.get(current)).reverse();
}

function rotateToSmallest(cycle: string[], byName: (a: string, b: string) => number): string[] {
  const smallest = [...cycle].sort(byName)[0];
  const at = cycle.indexOf(smallest);
  return [...cycle.slice(at), ...cycle.slice(0, at)];
}

/** Line of the ref() in `node` that reads `dependency`, so the location points at a call to remove. */
function refLine(node: Node, dependency: Node): number | undefined {
  if (node.kind !== 'model' && node.kind !== 'test') return undefined;
  return node.refs.find((r) => r.name === dependency.name)?.line;
}
