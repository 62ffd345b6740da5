import graphology from 'graphology';
import type { DirectedGraph as GraphologyDirectedGraph } from 'graphology';
import type { Node } from '../core/nodes.js';

// graphology ships CommonJS whose named exports Node's ESM loader cannot see; its classes hang off the default export.
const { DirectedGraph } = graphology;

export interface NodeAttributes {
  node: Node;
}

/** The raw graphology graph: one vertex per node, edges point from a dependency to its dependent. */
export type NodeGraph = GraphologyDirectedGraph<NodeAttributes>;

export function createNodeGraph(): NodeGraph {
  return new DirectedGraph<NodeAttributes>();
}

/** Orders ties by name so output reads naturally, then by id so it is total. */
export function compareByNameThenId(graph: NodeGraph): (a: string, b: string) => number {
  return (a, b) => {
    const nameA = graph.getNodeAttribute(a, 'node').name;
    const nameB = graph.getNodeAttribute(b, 'node').name;
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}
