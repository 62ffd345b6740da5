import { KeelError } from '../core/errors.js';
import type { Node } from '../core/nodes.js';
import { KeelGraph } from './keel-graph.js';
import { createNodeGraph } from './node-graph.js';
import { topologicalSort } from './topological-sort.js';

// Edges carry no attributes. One frozen object for all of them spares graphology a fresh {} per
// edge (measurable on tens of thousands of edges) and makes setting an edge attribute throw.
const NO_ATTRIBUTES = Object.freeze({});

/**
 * Builds the DAG of enabled nodes from their (already resolved) `dependsOn`. Disabled nodes
 * are left out, as in dbt: they cannot be selected or run. Throws a KeelError on a cycle.
 */
export function buildGraph(nodes: Node[]): KeelGraph {
  const graph = createNodeGraph();
  const enabled = nodes.filter((n) => n.config.enabled !== false);
  for (const node of enabled) {
    if (graph.hasNode(node.uniqueId)) {
      throw new KeelError(`Duplicate node id '${node.uniqueId}'`, { location: { file: node.path } });
    }
    graph.addNode(node.uniqueId, { node });
  }
  for (const node of enabled) {
    const dependencies = node.dependsOn;
    for (let k = 0; k < dependencies.length; k++) {
      const dependency = dependencies[k]!;
      if (!graph.hasNode(dependency)) {
        const disabled = nodes.some((n) => n.uniqueId === dependency);
        throw new KeelError(`'${node.name}' depends on '${dependency}', which ${disabled ? 'is disabled' : 'does not exist'}`, {
          location: { file: node.path },
        });
      }
      // one edge per pair: repeats are skipped here, cheaper than mergeDirectedEdge looking up every edge
      if (dependencies.indexOf(dependency) === k) graph.addDirectedEdge(dependency, node.uniqueId, NO_ATTRIBUTES);
    }
  }
  return new KeelGraph(graph, topologicalSort(graph));
}
