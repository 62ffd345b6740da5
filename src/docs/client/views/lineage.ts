import type cytoscape from 'cytoscape';
import type { DocsNode, LineageLayout } from '../../types.js';
import type { ViewContext, ViewFactory } from '../context.js';
import { h } from '../dom.js';
import { layoutLineage } from '../layout.js';
import { createLineageGraph, focusNode, highlightLineage, KIND_COLOURS } from '../lineage-graph.js';
import { inLineage, lineageGraph, lineageLabel } from '../lineage-data.js';
import { href } from '../router.js';
import { neighbourhoodSelector } from '../selection.js';
import { kindBadge, statusBadge, tagList } from './badges.js';

/*
 * A filtered view is laid out again so it packs tightly; past this size that takes seconds in
 * the browser, so a big selection keeps the project's layout (computed at generate time) instead.
 */
const RELAYOUT_MAX_NODES = 400;

interface Shown {
  nodes: DocsNode[];
  layout: LineageLayout;
}

function shownNodes(ctx: ViewContext, selectArg: string, excludeArg: string): Shown {
  const all = !selectArg.trim() && !excludeArg.trim();
  const ids = all ? null : ctx.selection().select(selectArg, excludeArg);
  const nodes = ctx.data.nodes.filter((n) => inLineage(n) && (!ids || ids.has(n.id)));
  if (all || nodes.length > RELAYOUT_MAX_NODES) return { nodes, layout: ctx.data.lineage };
  const g = lineageGraph(nodes);
  return { nodes, layout: layoutLineage(g.nodes, g.edges) };
}

function detailPanel(ctx: ViewContext, id: string | null): HTMLElement[] {
  const n = id ? ctx.byId.get(id) : undefined;
  if (!n) return [h('p', { class: 'muted' }, 'Click a node to see it here. Scroll to zoom, drag to pan, double-click to open its page.')];
  const parts: (HTMLElement | null)[] = [
    h('h2', {}, lineageLabel(n)),
    h('p', {}, kindBadge(n), ' ', n.kind === 'source' ? null : statusBadge(n.lastRun)),
    n.description ? h('p', { class: 'description' }, n.description) : null,
    n.tags.length ? h('p', {}, tagList(n.tags)) : null,
    h('p', {}, `${n.columns.length} columns · ${n.tests.length} tests`),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button primary', href: href('node', n.id) }, 'Open page'),
      h('a', { class: 'button', href: href('lineage', '', { select: neighbourhoodSelector(n) }) }, `Show ${neighbourhoodSelector(n)}`),
    ),
  ];
  return parts.filter((e): e is HTMLElement => e !== null);
}

/** The lineage graph: the whole project, or what `--select` / `--exclude` pick, with a node's lineage lit on click. */
export const lineageView: ViewFactory = (ctx, route) => {
  const selectArg = route.params.get('select') ?? '';
  const excludeArg = route.params.get('exclude') ?? '';
  const selectInput = h('input', {
    type: 'text',
    name: 'select',
    value: selectArg,
    placeholder: '--select, e.g. +fct_orders+ or tag:marts',
    'aria-label': 'select',
  });
  const excludeInput = h('input', { type: 'text', name: 'exclude', value: excludeArg, placeholder: '--exclude', 'aria-label': 'exclude' });
  const tags = [...new Set(ctx.data.nodes.filter(inLineage).flatMap((n) => n.tags))].sort();
  const tagSelect = h(
    'select',
    { 'aria-label': 'tag' },
    h('option', { value: '' }, 'tag…'),
    tags.map((t) => h('option', { value: t }, t)),
  );
  const findInput = h('input', { type: 'search', name: 'find', list: 'lineage-names', placeholder: 'find a node…', 'aria-label': 'find a node' });
  const names = h('datalist', { id: 'lineage-names' });
  const status = h('span', { class: 'status' });
  const panel = h('aside', { class: 'panel' });
  const canvas = h('div', { class: 'cy', 'data-state': 'loading' });
  let cy: cytoscape.Core | undefined;

  const apply = (select: string, exclude: string) => (location.hash = href('lineage', '', { select, exclude }));
  const form = h(
    'form',
    {
      class: 'toolbar',
      onsubmit: (e: Event) => {
        e.preventDefault();
        apply(selectInput.value.trim(), excludeInput.value.trim());
      },
    },
    selectInput,
    excludeInput,
    tagSelect,
    h('button', { type: 'submit', class: 'button primary' }, 'Apply'),
    h('a', { class: 'button', href: href('lineage') }, 'Whole project'),
    h('button', { type: 'button', class: 'button', onclick: () => cy?.fit(undefined, 30) }, 'Fit all'),
    findInput,
    names,
    status,
  );
  findInput.addEventListener('change', () => {
    const wanted = findInput.value.trim();
    const n = ctx.data.nodes.find((x) => inLineage(x) && lineageLabel(x) === wanted);
    if (n && cy && focusNode(cy, n.id)) select(n.id);
  });
  tagSelect.addEventListener('change', () => tagSelect.value && apply(`tag:${tagSelect.value}`, excludeInput.value.trim()));
  const legend = h(
    'div',
    { class: 'legend' },
    Object.entries(KIND_COLOURS).map(([k, c]) => h('span', {}, h('i', { style: `background:${c}` }), k)),
  );

  const select = (id: string | null) => {
    if (cy) highlightLineage(cy, id);
    panel.replaceChildren(...detailPanel(ctx, id));
  };

  const draw = () => {
    let shown: Shown;
    try {
      shown = shownNodes(ctx, selectArg, excludeArg);
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : String(e);
      status.classList.add('error');
      canvas.dataset.state = 'error';
      return;
    }
    const total = ctx.data.nodes.filter(inLineage).length;
    cy = createLineageGraph(canvas, shown.nodes, shown.layout, select);
    const partial = cy.extent().h < cy.elements().boundingBox().h;
    status.textContent = `${shown.nodes.length} of ${total} nodes${partial ? ' · showing the middle: drag to pan, Fit all for the whole graph' : ''}`;
    names.replaceChildren(...shown.nodes.map((n) => h('option', { value: lineageLabel(n) })));
    cy.on('dbltap', 'node', (e) => (location.hash = href('node', e.target.id())));
    ctx.handles.lineage = cy;
    canvas.dataset.state = 'ready';
    canvas.dataset.nodes = String(shown.nodes.length);
    // a node's neighbourhood (+name+) opens with that node shown
    const focus = shown.nodes.find((n) => neighbourhoodSelector(n) === selectArg.trim() && !excludeArg.trim());
    if (focus) cy.getElementById(focus.id).select();
    select(focus?.id ?? null);
  };

  return {
    title: 'Lineage',
    el: h('section', { class: 'lineage' }, form, h('div', { class: 'lineage-body' }, canvas, panel), legend),
    mounted: () => {
      status.textContent = 'Laying out…';
      // after a paint, so the page shows before a large layout runs
      setTimeout(draw, 0);
    },
    destroy: () => {
      cy?.destroy();
      delete ctx.handles.lineage;
    },
  };
};
