import type { DocsNode } from '../../types.js';
import type { ViewContext, ViewFactory } from '../context.js';
import { fmtBytes, fmtInt, fmtSeconds, fmtTime, h } from '../dom.js';
import { lineageLabel } from '../lineage-data.js';
import { href } from '../router.js';
import { neighbourhoodSelector } from '../selection.js';
import { kindBadge, statusBadge, tagList } from './badges.js';
import { notFound } from './not-found.js';

const nodeLink = (ctx: ViewContext, id: string) => {
  const n = ctx.byId.get(id);
  return h('a', { href: href('node', id), class: 'node-link' }, n ? lineageLabel(n) : id);
};

function facts(ctx: ViewContext, n: DocsNode): HTMLElement {
  const run = n.lastRun;
  const rows: [string, Node | string][] = [];
  if (n.relation) rows.push(['Relation', h('code', {}, n.relation)]);
  rows.push(['File', h('code', {}, n.path)]);
  if (n.materialized) rows.push(['Materialization', n.materialized]);
  rows.push(['Owner', n.owner ?? '–']);
  if (n.tags.length) rows.push(['Tags', tagList(n.tags)]);
  if (n.kind === 'test') {
    rows.push(['Test', n.testName === 'singular' ? 'singular (SQL file)' : `${n.testName}${n.columnName ? ` on ${n.columnName}` : ''}`]);
    if (n.attachedTo) rows.push(['Tests', nodeLink(ctx, n.attachedTo)]);
    rows.push(['Severity', n.severity ?? 'error']);
  }
  if (n.kind !== 'source') {
    rows.push(['Last run', h('span', {}, statusBadge(run), run?.completedAt ? ` ${fmtTime(run.completedAt)}` : '')]);
    if (run) {
      rows.push(['Run time', fmtSeconds(run.executionTime)]);
      if (run.rowsAffected !== null) rows.push(['Rows', fmtInt(run.rowsAffected)]);
      if (run.failures !== null && n.kind === 'test') rows.push(['Failing rows', fmtInt(run.failures)]);
      if (run.bytesScanned !== null) rows.push(['Bytes scanned', fmtBytes(run.bytesScanned)]);
      if (run.message) rows.push(['Message', h('span', { class: 'message' }, run.message)]);
    }
  }
  return h(
    'table',
    { class: 'facts' },
    h(
      'tbody',
      {},
      rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))),
    ),
  );
}

function testChip(ctx: ViewContext, id: string): HTMLElement {
  const t = ctx.byId.get(id);
  if (!t) return h('span', {}, id);
  return h(
    'a',
    { href: href('node', id), class: 'test-chip', title: t.name },
    t.testName === 'singular' ? t.name : (t.testName ?? t.name),
    ' ',
    statusBadge(t.lastRun),
  );
}

function columnsTable(ctx: ViewContext, n: DocsNode): HTMLElement {
  if (!n.columns.length)
    return h('p', { class: 'muted' }, ctx.data.warehouse.introspected ? 'No columns documented, and none found in the warehouse.' : 'No columns documented.');
  return h(
    'table',
    { class: 'grid columns' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Type'), h('th', {}, 'Description'), h('th', {}, 'Tests'))),
    h(
      'tbody',
      {},
      n.columns.map((c) =>
        h(
          'tr',
          { 'data-column': c.name, class: c.inWarehouse === false ? 'missing' : null },
          h('td', {}, h('code', {}, c.name)),
          h(
            'td',
            { class: 'type' },
            c.type ?? '–',
            c.inWarehouse === false
              ? h('span', { class: 'badge bad', title: 'documented in YAML but not in the warehouse relation' }, 'not in warehouse')
              : null,
          ),
          h('td', {}, c.description),
          h(
            'td',
            {},
            c.tests.map((id) => testChip(ctx, id)),
          ),
        ),
      ),
    ),
  );
}

function testsTable(ctx: ViewContext, n: DocsNode): HTMLElement {
  if (!n.tests.length) return h('p', { class: 'muted' }, 'No tests.');
  return h(
    'table',
    { class: 'grid tests' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Test'), h('th', {}, 'Column'), h('th', {}, 'Severity'), h('th', {}, 'Last status'), h('th', {}, 'Detail'))),
    h(
      'tbody',
      {},
      n.tests.map((id) => {
        const t = ctx.byId.get(id)!;
        const run = t.lastRun;
        return h(
          'tr',
          { 'data-test': t.name },
          h('td', {}, h('a', { href: href('node', id) }, t.name)),
          h('td', {}, t.columnName ? h('code', {}, t.columnName) : '–'),
          h('td', {}, t.severity ?? 'error'),
          h('td', {}, statusBadge(run)),
          h('td', { class: 'message' }, run ? (run.failures ? `${fmtInt(run.failures)} failing rows` : run.status === 'pass' ? '' : run.message) : ''),
        );
      }),
    ),
  );
}

function code(title: string, sql: string | null, open: boolean): HTMLElement | null {
  if (!sql) return null;
  return h('details', { class: 'sql', open }, h('summary', {}, title), h('pre', {}, h('code', {}, sql)));
}

/** One node's page: what it is, its columns and tests with their last status, its SQL, its neighbours. */
export const nodeView: ViewFactory = (ctx, route) => {
  const n = ctx.byId.get(route.arg);
  if (!n) return notFound(ctx, route);
  const parents = n.dependsOn;
  const children = ctx.data.nodes.filter((c) => c.kind !== 'test' && c.dependsOn.includes(n.id)).map((c) => c.id);
  const funnel = ctx.data.funnels.find((f) => f.id === n.id);
  const segment = ctx.data.segments.find((s) => s.id === n.id);
  const actions = h(
    'div',
    { class: 'actions' },
    n.kind !== 'test'
      ? h('a', { class: 'button', href: href('lineage', '', { select: neighbourhoodSelector(n) }) }, `Lineage ${neighbourhoodSelector(n)}`)
      : null,
    funnel ? h('a', { class: 'button', href: href('funnel', n.id) }, 'Funnel chart') : null,
    segment ? h('a', { class: 'button', href: href('segment', n.id) }, 'Members and sync') : null,
  );
  const el = h(
    'article',
    { class: 'node', 'data-id': n.id },
    h('h1', {}, lineageLabel(n), ' ', kindBadge(n), ' ', n.kind === 'source' ? null : statusBadge(n.lastRun)),
    n.description ? h('p', { class: 'description' }, n.description) : h('p', { class: 'muted' }, 'No description.'),
    actions,
    facts(ctx, n),
    n.kind === 'test' ? null : h('section', {}, h('h2', {}, 'Columns'), columnsTable(ctx, n)),
    n.kind === 'test' ? null : h('section', {}, h('h2', {}, `Tests (${n.tests.length})`), testsTable(ctx, n)),
    h(
      'section',
      { class: 'neighbours' },
      h(
        'div',
        {},
        h('h2', {}, 'Depends on'),
        parents.length
          ? h(
              'ul',
              {},
              parents.map((id) => h('li', {}, nodeLink(ctx, id))),
            )
          : h('p', { class: 'muted' }, 'Nothing.'),
      ),
      n.kind === 'test'
        ? null
        : h(
            'div',
            {},
            h('h2', {}, 'Used by'),
            children.length
              ? h(
                  'ul',
                  {},
                  children.map((id) => h('li', {}, nodeLink(ctx, id))),
                )
              : h('p', { class: 'muted' }, 'Nothing.'),
          ),
    ),
    code('Compiled SQL', n.compiledSql, true),
    code('Source', n.rawSql, false),
  );
  return { title: n.name, el };
};
