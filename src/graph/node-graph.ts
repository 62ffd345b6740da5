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

/** The DAG's edges by position in its node list: edge k goes from `sources[k]` (a dependency) to `targets[k]`. */
export interface NodeEdges {
  sources: Int32Array;
  targets: Int32Array;
}

// Edges carry no attributes. One frozen object for all of them spares graphology a fresh {} per
// edge (measurable on tens of thousands of edges) and makes setting an edge attribute throw.
const NO_ATTRIBUTES = Object.freeze({});

/** The graphology graph of `nodes` and their edges by position (see buildGraph). */
export function nodeGraph(nodes: readonly Node[], { sources, targets }: NodeEdges): NodeGraph {
  const graph = new DirectedGraph<NodeAttributes>();
  for (const node of nodes) graph.addNode(node.uniqueId, { node });
  for (let k = 0; k < sources.length; k++) graph.addDirectedEdge(nodes[sources[k]!]!.uniqueId, nodes[targets[k]!]!.uniqueId, NO_ATTRIBUTES);
  return graph;
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
