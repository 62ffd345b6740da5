import type { Chart } from 'chart.js';
import type { SegmentPage } from '../../types.js';
import { drawChart } from '../charts.js';
import type { ViewFactory } from '../context.js';
import { fmtInt, fmtTime, h } from '../dom.js';
import { href } from '../router.js';
import { notFound } from './not-found.js';

const latest = (s: SegmentPage) => s.history.at(-1)?.members;

export const segmentsView: ViewFactory = (ctx) => ({
  title: 'Segments',
  el: h(
    'section',
    {},
    h('h1', {}, 'Segments'),
    h(
      'ul',
      { class: 'cards' },
      ctx.data.segments.map((s) =>
        h('li', {}, h('a', { href: href('segment', s.id) }, s.name), latest(s) === undefined ? ` ${s.message ?? ''}` : ` ${fmtInt(latest(s)!)} members`),
      ),
    ),
  ),
});

function syncCard(s: SegmentPage): HTMLElement {
  const sync = s.lastSync;
  if (!sync) return h('p', { class: 'muted' }, 'Not synced to Lotame yet (keel sync).');
  const rows: [string, string][] = [
    ['Status', sync.status + (sync.mode ? ` (${sync.mode})` : '')],
    ['Adds', fmtInt(sync.adds)],
    ['Removes', fmtInt(sync.removes)],
  ];
  if (sync.optouts !== null) rows.push(['Of which opt-outs', fmtInt(sync.optouts)]);
  if (sync.unchanged !== null) rows.push(['Unchanged', fmtInt(sync.unchanged)]);
  if (sync.members !== null) rows.push(['Members', fmtInt(sync.members)]);
  rows.push(['Endpoint', sync.endpoint ?? '–'], ['Finished', fmtTime(sync.finishedAt)], ['From', sync.from]);
  return h(
    'table',
    { class: 'facts sync' },
    h(
      'tbody',
      {},
      rows.map(([k, v]) => h('tr', { 'data-key': k }, h('th', {}, k), h('td', {}, v))),
    ),
  );
}

/** A segment: members after each build, the last build's changes and the last sync to Lotame. */
export const segmentView: ViewFactory = (ctx, route) => {
  const s = ctx.data.segments.find((x) => x.id === route.arg);
  if (!s) return notFound(ctx, route);
  const node = ctx.byId.get(s.id);
  const canvas = h('canvas', { 'aria-label': `${s.name}: members over builds` });
  let chart: Chart<'line'> | undefined;
  const el = h(
    'article',
    { class: 'segment', 'data-id': s.id },
    h('h1', {}, s.name, ' ', h('span', { class: 'badge kind mat-segment' }, 'segment')),
    node?.description ? h('p', { class: 'description' }, node.description) : null,
    h('p', { class: 'meta' }, 'Members in ', h('code', {}, s.relation ?? '–'), ' · ', h('a', { href: href('node', s.id) }, 'model page')),
    s.history.length ? h('div', { class: 'chart' }, canvas) : h('p', { class: 'muted' }, s.message ?? 'No builds recorded yet.'),
    h(
      'div',
      { class: 'two-col' },
      h(
        'section',
        {},
        h('h2', {}, 'Last build'),
        s.lastBuild
          ? h(
              'table',
              { class: 'facts build' },
              h(
                'tbody',
                {},
                h('tr', {}, h('th', {}, 'Added'), h('td', {}, fmtInt(s.lastBuild.added))),
                h('tr', {}, h('th', {}, 'Removed'), h('td', {}, fmtInt(s.lastBuild.removed))),
                h('tr', {}, h('th', {}, 'Members'), h('td', {}, latest(s) === undefined ? '–' : fmtInt(latest(s)!))),
              ),
            )
          : h('p', { class: 'muted' }, 'No changes table yet.'),
      ),
      h('section', {}, h('h2', {}, 'Last sync to Lotame'), syncCard(s)),
    ),
  );
  return {
    title: s.name,
    el,
    mounted: () => {
      if (!s.history.length) return;
      chart = drawChart(canvas, {
        type: 'line',
        data: {
          labels: s.history.map((p) => fmtTime(p.at)),
          datasets: [
            {
              label: 'members',
              data: s.history.map((p) => p.members),
              borderColor: '#ae3ec9',
              backgroundColor: 'rgba(174,62,201,0.12)',
              fill: true,
              pointRadius: 3,
              tension: 0,
            },
          ],
        },
        options: {
          scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'members' } } },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { afterLabel: (c) => `+${fmtInt(s.history[c.dataIndex].entered)} −${fmtInt(s.history[c.dataIndex].exited)}` } },
          },
        },
      });
      ctx.handles.chart = chart;
    },
    destroy: () => {
      chart?.destroy();
      delete ctx.handles.chart;
    },
  };
};
