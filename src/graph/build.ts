import { KeelError } from '../core/errors.js';
import type { Node } from '../core/nodes.js';
import { KeelGraph } from './keel-graph.js';
import { nodeGraph, type NodeEdges } from './node-graph.js';
import { topologicalSort } from './topological-sort.js';

/**
 * Builds the DAG of enabled nodes from their (already resolved) `dependsOn`. Disabled nodes
 * are left out, as in dbt: they cannot be selected or run. Throws a KeelError on a cycle.
 */
export function buildGraph(nodes: Node[]): KeelGraph {
  const enabled = nodes.filter((n) => n.config.enabled !== false);
  const position = new Map<string, number>();
  for (let i = 0; i < enabled.length; i++) {
    const node = enabled[i]!;
    if (position.has(node.uniqueId)) throw new KeelError(`Duplicate node id '${node.uniqueId}'`, { location: { file: node.path } });
    position.set(node.uniqueId, i);
  }
  const sources: number[] = [];
  const targets: number[] = [];
  for (let i = 0; i < enabled.length; i++) {
    const node = enabled[i]!;
    const dependencies = node.dependsOn;
    for (let k = 0; k < dependencies.length; k++) {
      const dependency = dependencies[k]!;
      const from = position.get(dependency);
      if (from === undefined) {
        const disabled = nodes.some((n) => n.uniqueId === dependency);
        throw new KeelError(`'${node.name}' depends on '${dependency}', which ${disabled ? 'is disabled' : 'does not exist'}`, {
          location: { file: node.path },
        });
      }
      // one edge per pair
      if (dependencies.indexOf(dependency) === k) {
        sources.push(from);
        targets.push(i);
      }
    }
  }
  const edges: NodeEdges = { sources: Int32Array.from(sources), targets: Int32Array.from(targets) };
  // a cycle is named from a graphology graph; sorting needs none
  return new KeelGraph(
    enabled,
    edges,
    topologicalSort(enabled, edges, () => nodeGraph(enabled, edges)),
  );
}
