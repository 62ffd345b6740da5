import { DATA_GLOBAL } from '../site/data-global.js';
import type { DocsData } from '../types.js';
import { createContext, type View, type ViewFactory } from './context.js';
import { h } from './dom.js';
import { href, parseRoute } from './router.js';
import { catalogView } from './views/catalog.js';
import { funnelView, funnelsView } from './views/funnel.js';
import { lineageView } from './views/lineage.js';
import { nodeView } from './views/node.js';
import { segmentView, segmentsView } from './views/segment.js';
import { notFound } from './views/not-found.js';

const data = (window as unknown as Record<string, DocsData | undefined>)[DATA_GLOBAL];
const root = document.getElementById('app')!;
const ctx = data ? createContext(data) : undefined;
(window as unknown as { keelDocs: unknown }).keelDocs = ctx?.handles;

const routes: Record<string, ViewFactory> = {
  '': catalogView,
  catalog: catalogView,
  node: nodeView,
  lineage: lineageView,
  funnels: funnelsView,
  funnel: funnelView,
  segments: segmentsView,
  segment: segmentView,
};

let current: View | undefined;

function header(data: DocsData, page: string): HTMLElement {
  const link = (label: string, target: string, active: boolean) => h('a', { href: target, class: active ? 'active' : null }, label);
  return h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: href('') }, h('span', { class: 'logo' }, 'keel'), ' ', data.project.name),
    h(
      'nav',
      {},
      link('Catalog', href(''), page === '' || page === 'catalog' || page === 'node'),
      link('Lineage', href('lineage'), page === 'lineage'),
      data.funnels.length ? link(`Funnels (${data.funnels.length})`, href('funnels'), page === 'funnels' || page === 'funnel') : null,
      data.segments.length ? link(`Segments (${data.segments.length})`, href('segments'), page === 'segments' || page === 'segment') : null,
    ),
    h(
      'span',
      { class: 'generated' },
      `generated ${data.project.generatedAt.replace('T', ' ').slice(0, 16)} UTC · target ${data.project.target} (${data.project.targetType})`,
    ),
  );
}

function render(): void {
  if (!data || !ctx) {
    root.replaceChildren(h('p', { class: 'error' }, 'docs-data.js is missing: run keel docs generate again.'));
    return;
  }
  const route = parseRoute(location.hash);
  current?.destroy?.();
  const view = (routes[route.page] ?? notFound)(ctx, route);
  current = view;
  document.title = `${view.title} · ${data.project.name} · keel docs`;
  root.replaceChildren(header(data, route.page), h('main', { class: `page page-${route.page || 'catalog'}` }, view.el));
  view.mounted?.();
}

window.addEventListener('hashchange', render);
render();
