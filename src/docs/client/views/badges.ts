import type { DocsNode, LastRun } from '../../types.js';
import { h } from '../dom.js';

/** pass/success green, warn amber, fail/error red, the rest grey: the colours of the CLI's summary. */
const STATUS_CLASS: Record<string, string> = { success: 'ok', pass: 'ok', warn: 'warn', fail: 'bad', error: 'bad', skipped: 'muted', cancelled: 'muted' };

export function statusBadge(run: LastRun | null): HTMLElement {
  if (!run) return h('span', { class: 'badge muted', title: 'not part of the last run' }, 'not run');
  return h('span', { class: `badge ${STATUS_CLASS[run.status] ?? 'muted'}`, title: run.message }, run.status);
}

export function kindBadge(n: Pick<DocsNode, 'kind' | 'materialized'>): HTMLElement {
  const label = n.kind === 'model' && n.materialized ? n.materialized : n.kind;
  return h('span', { class: `badge kind kind-${n.kind} mat-${label}` }, label);
}

export const tagList = (tags: string[]) =>
  h(
    'span',
    { class: 'tags' },
    tags.map((t) => h('span', { class: 'tag' }, t)),
  );
