import type { Chart } from 'chart.js';
import type { FunnelPage } from '../../types.js';
import { drawChart } from '../charts.js';
import { fmtInt, fmtPct, h } from '../dom.js';

/** Distinct hues for side-by-side groups (the overall chart keeps the funnel orange). */
const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599'];

/** Persons per step for each breakdown value, as grouped bars; the tooltip gives each group's conversion from its first step. */
export function breakdownChart(f: FunnelPage): { el: HTMLElement; draw(): Chart<'bar'> } | null {
  const b = f.breakdown;
  if (!b || b.groups.length < 2) return null;
  const canvas = h('canvas', { 'aria-label': `${f.name}: persons per step by ${b.columns.join(', ')}` });
  const el = h(
    'section',
    {},
    h('h2', {}, `By ${b.columns.join(' / ')}`),
    b.others ? h('p', { class: 'muted' }, `The ${b.groups.length} largest groups; ${b.others} smaller ones are left out.`) : null,
    h('div', { class: 'chart' }, canvas),
  );
  const draw = () =>
    drawChart(canvas, {
      type: 'bar',
      data: {
        labels: f.steps.map((s) => `${s.index}. ${s.name}`),
        datasets: b.groups.map((g, i) => ({ label: g.label, data: g.persons, backgroundColor: PALETTE[i % PALETTE.length], borderRadius: 3 })),
      },
      options: {
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'persons' } } },
        plugins: {
          legend: { display: true, position: 'top' },
          tooltip: {
            callbacks: {
              label: (c) => {
                const persons = b.groups[c.datasetIndex].persons;
                return `${c.dataset.label}: ${fmtInt(persons[c.dataIndex])} persons (${fmtPct(persons[0] ? persons[c.dataIndex] / persons[0] : null)} of its first step)`;
              },
            },
          },
        },
      },
    });
  return { el, draw };
}
