import dagre from '@dagrejs/dagre';
import type { LineageLayout } from '../types.js';

export interface LayoutNode {
  id: string;
  label: string;
}

/** Box of a node on the graph: the label at the graph's font size plus padding (no DOM here: this also runs in Node). */
export const NODE_HEIGHT = 30;
const CHAR_WIDTH = 7.2;
export const nodeWidth = (label: string) => Math.max(60, Math.round(label.length * CHAR_WIDTH + 24));

/*
 * dagre's default ranker (network simplex) gives the shortest edges but takes tens of seconds on
 * wide graphs of ~500+ nodes; longest-path takes a few seconds at 1,000 and still keeps every
 * edge pointing right. Small graphs get the nicer one.
 */
const NETWORK_SIMPLEX_MAX_NODES = 150;
/** Crossing reduction is most of the time on large graphs (8 s of 10 at 1,000 nodes); past this it is skipped. */
const ORDERING_MAX_NODES = 1200;

/** A left-to-right layered layout (Sugiyama, by dagre) of `nodes`; edges between unknown nodes are ignored. */
export function layoutLineage(nodes: LayoutNode[], edges: [string, string][]): LineageLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 10,
    // long edges pass through dummy nodes; the default 20px between them spreads big layers apart
    edgesep: 5,
    ranksep: 70,
    marginx: 20,
    marginy: 20,
    ranker: nodes.length <= NETWORK_SIMPLEX_MAX_NODES ? 'network-simplex' : 'longest-path',
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: nodeWidth(n.label), height: NODE_HEIGHT });
  for (const [from, to] of edges) if (g.hasNode(from) && g.hasNode(to) && from !== to) g.setEdge(from, to);
  dagre.layout(g, { disableOptimalOrderHeuristic: nodes.length > ORDERING_MAX_NODES });
  const positions: LineageLayout['positions'] = {};
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number };
    positions[id] = { x: Math.round(n.x), y: Math.round(n.y) };
  }
  const size = g.graph() as { width?: number; height?: number };
  return { positions, width: Math.round(size.width ?? 0), height: Math.round(size.height ?? 0) };
}
