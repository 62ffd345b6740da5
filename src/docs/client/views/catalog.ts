import type { ViewFactory } from '../context.js';
import { fmtTime, h } from '../dom.js';
import { href } from '../router.js';
import { searchNodes } from '../search.js';
import { kindBadge, statusBadge, tagList } from './badges.js';

const KINDS = [
  ['', 'All'],
  ['model', 'Models'],
  ['source', 'Sources'],
  ['seed', 'Seeds'],
  ['test', 'Tests'],
] as const;

/** Rows rendered at once; typing narrows long lists faster than scrolling through them. */
const MAX_ROWS = 300;

/** Where the statuses come from, and why column types may be missing: the site is a snapshot. */
function notes(ctx: Parameters<ViewFactory>[0]): HTMLElement {
  const run = ctx.data.lastRun;
  return h(
    'p',
    { class: 'notes muted' },
    run ? `Statuses from the last keel ${run.command} (${fmtTime(run.generatedAt)}).` : 'No run_results.json: nothing has run yet.',
    ctx.data.warehouse.message ? h('span', { class: 'warehouse-note' }, ` Column types not read: ${ctx.data.warehouse.message}.`) : null,
  );
}

/** The searchable catalog; the query and kind live in the URL so a search can be linked to. */
export const catalogView: ViewFactory = (ctx, route) => {
  let query = route.params.get('q') ?? '';
  let kind = route.params.get('kind') ?? '';
  const input = h('input', {
    type: 'search',
    class: 'search',
    placeholder: 'Search models, sources, seeds, tests, columns, tags…',
    value: query,
    'aria-label': 'Search',
  });
  const chips = h('div', { class: 'chips' });
  const summary = h('p', { class: 'summary' });
  const body = h('tbody');

  const update = () => {
    history.replaceState(null, '', href('catalog', '', { q: query, kind }));
    // the chips count what the query matches, so they say where else to look
    const matching = searchNodes(ctx.data.nodes, query);
    chips.replaceChildren(
      ...KINDS.map(([k, label]) => {
        const count = k ? matching.filter((hit) => hit.node.kind === k).length : matching.length;
        return h(
          'button',
          {
            class: `chip${k === kind ? ' active' : ''}`,
            'data-kind': k,
            onclick: () => {
              kind = k;
              update();
            },
          },
          `${label} ${count}`,
        );
      }),
    );
    const hits = kind ? matching.filter((hit) => hit.node.kind === kind) : matching;
    summary.textContent = `${hits.length} result${hits.length === 1 ? '' : 's'}${hits.length > MAX_ROWS ? `, showing the first ${MAX_ROWS}` : ''}`;
    body.replaceChildren(
      ...hits
        .slice(0, MAX_ROWS)
        .map(({ node }) =>
          h(
            'tr',
            { 'data-id': node.id },
            h('td', {}, h('a', { href: href('node', node.id), class: 'node-link' }, node.kind === 'source' ? `${node.sourceName}.${node.name}` : node.name)),
            h('td', {}, kindBadge(node)),
            h('td', { class: 'desc' }, node.description),
            h('td', {}, tagList(node.tags)),
            h('td', {}, node.kind === 'source' ? '' : statusBadge(node.lastRun)),
          ),
        ),
    );
  };
  input.addEventListener('input', () => {
    query = input.value;
    update();
  });
  update();

  return {
    title: 'Catalog',
    el: h(
      'section',
      { class: 'catalog' },
      h('div', { class: 'catalog-head' }, input, chips),
      notes(ctx),
      summary,
      h(
        'table',
        { class: 'grid results' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Kind'), h('th', {}, 'Description'), h('th', {}, 'Tags'), h('th', {}, 'Last run'))),
        body,
      ),
    ),
    mounted: () => input.focus(),
  };
};
