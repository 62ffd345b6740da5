import { KeelError } from '../core/errors.js';
import type { Node } from '../core/nodes.js';
import { KeelGraph } from './keel-graph.js';
import { NodeGraph } from './node-graph.js';
import { topologicalSort } from './topological-sort.js';

/**
 * Builds the DAG of enabled nodes from their (already resolved) `dependsOn`. Disabled nodes
 * are left out, as in dbt: they cannot be selected or run. Throws a KeelError on a cycle.
 */
export function buildGraph(nodes: Node[]): KeelGraph {
  const enabled = nodes.filter((n) => n.config.enabled !== false);
  const indexOf = new Map<string, number>();
  for (let i = 0; i < enabled.length; i++) {
    const node = enabled[i]!;
    if (indexOf.has(node.uniqueId)) {
      throw new KeelError(`Duplicate node id '${node.uniqueId}'`, { location: { file: node.path } });
    }
    indexOf.set(node.uniqueId, i);
  }
  const graph = new NodeGraph(enabled, indexOf, (node, dependency) => {
    const disabled = nodes.some((n) => n.uniqueId === dependency);
    return new KeelError(`'${node.name}' depends on '${dependency}', which ${disabled ? 'is disabled' : 'does not exist'}`, {
      location: { file: node.path },
    });
  });
  return new KeelGraph(graph, topologicalSort(graph));
}
