import cytoscape from 'cytoscape';
import type { DocsNode, LineageLayout } from '../types.js';
import { NODE_HEIGHT, nodeWidth } from './layout.js';
import { lineageLabel } from './lineage-data.js';

/** Colours by what a node is; the analytics kinds stand out from plain models. */
export const KIND_COLOURS: Record<string, string> = {
  source: '#2f9e44',
  seed: '#868e96',
  model: '#1c7ed6',
  funnel: '#e8590c',
  segment: '#ae3ec9',
  journey: '#0c8599',
};

export const colourOf = (n: Pick<DocsNode, 'kind' | 'materialized'>) =>
  (n.kind === 'model' && n.materialized && KIND_COLOURS[n.materialized]) || KIND_COLOURS[n.kind] || KIND_COLOURS.model;

/** Past this many nodes, cytoscape draws a snapshot while panning and zooming so large graphs stay smooth. */
const LARGE_GRAPH = 300;

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: 'data(w)',
      height: NODE_HEIGHT,
      label: 'data(label)',
      'background-color': 'data(colour)',
      color: '#fff',
      'font-size': 12,
      'font-family': 'system-ui, sans-serif',
      'text-valign': 'center',
      'text-halign': 'center',
      // unreadable labels are not drawn: a 1,000-node overview shows the shape, zooming in shows names
      'min-zoomed-font-size': 6,
    },
  },
  {
    selector: 'edge',
    style: {
      width: 1.2,
      'line-color': '#adb5bd',
      'target-arrow-color': '#adb5bd',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'bezier',
    },
  },
  { selector: '.faded', style: { opacity: 0.12 } },
  { selector: 'edge.lit', style: { 'line-color': '#495057', 'target-arrow-color': '#495057', width: 2 } },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#212529' } },
];

/** A cytoscape graph of `nodes` at `layout`'s positions, with pan, zoom and tap handling. */
export function createLineageGraph(container: HTMLElement, nodes: DocsNode[], layout: LineageLayout, onTap: (id: string | null) => void): cytoscape.Core {
  const ids = new Set(nodes.map((n) => n.id));
  const elements: cytoscape.ElementDefinition[] = [];
  for (const n of nodes) {
    const label = lineageLabel(n);
    elements.push({ group: 'nodes', data: { id: n.id, label, w: nodeWidth(label), colour: colourOf(n) }, position: { ...layout.positions[n.id] } });
  }
  for (const n of nodes) for (const d of n.dependsOn) if (ids.has(d)) elements.push({ group: 'edges', data: { id: `${d}->${n.id}`, source: d, target: n.id } });
  const large = nodes.length > LARGE_GRAPH;
  const cy = cytoscape({
    container,
    elements,
    style: STYLE,
    layout: { name: 'preset' },
    minZoom: 0.02,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: true,
    textureOnViewport: large,
    hideEdgesOnViewport: large,
  });
  initialViewport(cy);
  cy.on('tap', 'node', (e) => onTap(e.target.id()));
  cy.on('tap', (e) => {
    if (e.target === cy) onTap(null);
  });
  return cy;
}

/** Below this zoom the 12px labels are under 6px and not drawn: the graph shows its shape only. */
export const READABLE_ZOOM = 0.5;

/**
 * The whole graph when it fits with readable names. A large layered graph is far taller than
 * wide (hundreds of nodes per layer) and fitting it shows unlabelled boxes, so it opens at a
 * readable zoom on its middle, where dagre's centred layers all have nodes; "Fit all" gives the overview.
 */
export function initialViewport(cy: cytoscape.Core): void {
  cy.fit(undefined, 30);
  if (cy.zoom() >= READABLE_ZOOM) return;
  const box = cy.elements().boundingBox();
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, (cy.width() - 60) / box.w));
  cy.zoom(zoom);
  cy.center();
}

/** Centres on a node at a readable zoom and selects it. */
export function focusNode(cy: cytoscape.Core, id: string): boolean {
  const node = cy.getElementById(id);
  if (node.empty()) return false;
  cy.zoom(Math.max(cy.zoom(), 1));
  cy.center(node);
  cy.elements().unselect();
  node.select();
  return true;
}

/** Lights up a node's ancestors and descendants and fades the rest; `null` clears. */
export function highlightLineage(cy: cytoscape.Core, id: string | null): void {
  cy.batch(() => {
    cy.elements().removeClass('faded lit');
    if (!id) return;
    const node = cy.getElementById(id);
    const lit = node.union(node.predecessors()).union(node.successors());
    cy.elements().not(lit).addClass('faded');
    lit.edges().addClass('lit');
  });
}
