import type { Chart } from 'chart.js';
import type { FunnelPage } from '../../types.js';
import { drawChart } from '../charts.js';
import type { ViewFactory } from '../context.js';
import { fmtInt, fmtPct, fmtSeconds, fmtTime, h } from '../dom.js';
import { href } from '../router.js';
import { breakdownChart } from './funnel-breakdown.js';
import { notFound } from './not-found.js';

/** The axis label of a step: its number and name, persons, and conversion from the first and the previous step. */
export function stepLabel(step: FunnelPage['steps'][number]): string[] {
  return [
    `${step.index}. ${step.name}`,
    `${fmtInt(step.persons)} persons`,
    step.index === 1 ? '100%' : `${fmtPct(step.conversionFromFirst)} of first · ${fmtPct(step.conversionFromPrevious)} of previous`,
  ];
}

/** What the totals add up: every period of entry and every breakdown value. */
function scope(f: FunnelPage): string {
  const periods = f.periods > 1 ? `all ${f.periods} ${f.grain ?? 'period'}s of entry` : f.periods === 1 ? `one ${f.grain ?? 'period'} of entry` : '';
  const groups = f.breakdown ? `every ${f.breakdown.columns.join(' / ')}` : '';
  return `Persons who entered the funnel, ${[periods, groups].filter(Boolean).join(' and ') || 'all of them'} together.`;
}

export const funnelsView: ViewFactory = (ctx) => ({
  title: 'Funnels',
  el: h(
    'section',
    {},
    h('h1', {}, 'Funnels'),
    h(
      'ul',
      { class: 'cards' },
      ctx.data.funnels.map((f) =>
        h(
          'li',
          {},
          h('a', { href: href('funnel', f.id) }, f.name),
          f.steps.length ? ` ${f.steps.length} steps · ${fmtInt(f.steps[0].persons)} → ${fmtInt(f.steps.at(-1)!.persons)} persons` : ` ${f.message ?? ''}`,
        ),
      ),
    ),
  ),
});

/** A funnel's last build: persons per step as bars, conversions in the labels and the table. */
export const funnelView: ViewFactory = (ctx, route) => {
  const f = ctx.data.funnels.find((x) => x.id === route.arg);
  if (!f) return notFound(ctx, route);
  const node = ctx.byId.get(f.id);
  const canvas = h('canvas', { 'aria-label': `${f.name}: persons per step` });
  let chart: Chart<'bar'> | undefined;
  let byGroup: Chart<'bar'> | undefined;
  const breakdown = breakdownChart(f);
  // medians of several periods or breakdowns do not combine, so the loader leaves them out then
  const medians = f.steps.some((s) => s.medianSecondsFromPrevious !== null);
  const el = h(
    'article',
    { class: 'funnel', 'data-id': f.id },
    h('h1', {}, f.name, ' ', h('span', { class: 'badge kind mat-funnel' }, 'funnel')),
    node?.description ? h('p', { class: 'description' }, node.description) : null,
    h(
      'p',
      { class: 'meta' },
      'From ',
      h('code', {}, f.relation ?? '–'),
      ` · last build ${fmtTime(f.builtAt)} · `,
      h('a', { href: href('node', f.id) }, 'model page'),
    ),
    f.steps.length ? h('p', { class: 'scope' }, scope(f)) : null,
    f.steps.length ? h('div', { class: 'chart' }, canvas) : h('p', { class: 'muted' }, f.message ?? 'No steps.'),
    f.steps.length
      ? h(
          'table',
          { class: 'grid steps' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, '#'),
              h('th', {}, 'Step'),
              h('th', { class: 'num' }, 'Persons'),
              h('th', { class: 'num' }, 'From first'),
              h('th', { class: 'num' }, 'From previous'),
              medians ? h('th', { class: 'num' }, 'Median time from previous') : null,
            ),
          ),
          h(
            'tbody',
            {},
            f.steps.map((s) =>
              h(
                'tr',
                {},
                h('td', {}, s.index),
                h('td', {}, s.name),
                h('td', { class: 'num' }, fmtInt(s.persons)),
                h('td', { class: 'num' }, fmtPct(s.conversionFromFirst)),
                h('td', { class: 'num' }, s.index === 1 ? '–' : fmtPct(s.conversionFromPrevious)),
                medians ? h('td', { class: 'num' }, s.medianSecondsFromPrevious === null ? '–' : fmtSeconds(s.medianSecondsFromPrevious)) : null,
              ),
            ),
          ),
        )
      : null,
    breakdown?.el,
  );
  return {
    title: f.name,
    el,
    mounted: () => {
      if (!f.steps.length) return;
      chart = drawChart(canvas, {
        type: 'bar',
        data: {
          labels: f.steps.map(stepLabel),
          datasets: [{ label: 'persons', data: f.steps.map((s) => s.persons), backgroundColor: '#e8590c', borderRadius: 4 }],
        },
        options: {
          scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'persons' } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `${fmtInt(c.parsed.y ?? 0)} persons` } } },
        },
      });
      ctx.handles.chart = chart;
      byGroup = breakdown?.draw();
      if (byGroup) ctx.handles.breakdownChart = byGroup;
    },
    destroy: () => {
      byGroup?.destroy();
      chart?.destroy();
      delete ctx.handles.breakdownChart;
      delete ctx.handles.chart;
    },
  };
};
