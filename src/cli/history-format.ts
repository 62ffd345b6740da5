import type { RunRow } from '../scheduling/history/read.js';

const iso = (v: Date | string) => (v instanceof Date ? v.toISOString() : String(v));

/** `keel history` output: an aligned table for people, or one JSON object per run. */
export function formatRuns(runs: RunRow[], format: 'text' | 'json'): string {
  if (format === 'json') return runs.map((r) => `${JSON.stringify({ ...r, started_at: iso(r.started_at), finished_at: iso(r.finished_at) })}\n`).join('');
  const header = ['started (UTC)', 'command', 'target', 'status', 'ok', 'warn', 'error', 'skip', 'cancel', 'elapsed', 'invocation', 'selection'];
  const rows = runs.map((r) => [
    iso(r.started_at).replace('T', ' ').slice(0, 19),
    r.command,
    r.target,
    r.status,
    String(r.nodes_ok),
    String(r.nodes_warn),
    String(r.nodes_error),
    String(r.nodes_skipped),
    String(r.nodes_cancelled),
    `${Number(r.elapsed_seconds).toFixed(1)}s`,
    r.invocation_id,
    [r.selection && `--select ${r.selection}`, r.exclusion && `--exclude ${r.exclusion}`, r.retry_of && `(retry of ${r.retry_of})`].filter(Boolean).join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
