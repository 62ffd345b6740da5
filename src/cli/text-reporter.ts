import type { Node } from '../core/nodes.js';
import type { Reporter } from '../runner/reporter.js';
import { runTotals, type NodeResult, type RunResults } from '../runner/results.js';

const color = (code: number, s: string, on: boolean) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
const STATUS_COLOR: Record<string, number> = { success: 32, pass: 32, warn: 33, fail: 31, error: 31, skipped: 33, cancelled: 31 };

function describe(node: Node): string {
  if (node.kind === 'source') return `freshness of source ${node.sourceName}.${node.name}`;
  const kind = node.kind === 'model' ? `${node.config.materialized} model` : node.kind;
  return `${kind} ${node.name}`;
}

function detail(r: NodeResult): string {
  const parts: string[] = [];
  if (r.status === 'success') parts.push(r.message);
  else if (r.status === 'pass' || r.status === 'warn' || r.status === 'fail') parts.push(r.status.toUpperCase() + (r.failures ? ` ${r.failures}` : ''));
  else parts.push(r.status.toUpperCase());
  if (r.stats?.bytesScanned !== undefined) parts.push(`${(r.stats.bytesScanned / 1e6).toFixed(1)} MB scanned`);
  return `[${parts.join(', ')} in ${r.executionTime.toFixed(2)}s]`;
}

/** dbt-like progress lines: one line as a node starts and one as it finishes. */
export function textReporter(out: NodeJS.WritableStream, opts: { color: boolean; debug: boolean }): Reporter {
  const write = (s: string) => out.write(`${s}\n`);
  const nodes = new Map<string, Node>();
  const pad = (i: number, total: number) => `${String(i).padStart(String(total).length)} of ${total}`;
  return {
    runStarted(info) {
      write(
        `Running ${info.command} of ${info.total} node${info.total === 1 ? '' : 's'} on target ${info.target} with ${info.threads} thread${info.threads === 1 ? '' : 's'}`,
      );
    },
    nodeStarted(node, i, total) {
      nodes.set(node.uniqueId, node);
      write(`${pad(i, total)} START ${describe(node)}`);
    },
    nodeFinished(r, i, total) {
      const node = nodes.get(r.uniqueId);
      const label = node ? describe(node) : `${r.kind} ${r.name}`;
      const status = r.status === 'success' ? 'OK' : r.status.toUpperCase();
      write(`${pad(i, total)} ${color(STATUS_COLOR[r.status] ?? 0, status.padEnd(7), opts.color)} ${label} ${detail(r)}`);
      if (r.status === 'error' || r.status === 'fail' || r.status === 'warn' || r.status === 'skipped') {
        // a late source says how late in its message
        if (r.status !== 'warn' || r.failures || r.kind === 'source') write(`      ${r.message.split('\n').join('\n      ')}`);
      }
    },
    runFinished(res: RunResults) {
      const count = (s: string) => res.results.filter((r) => r.status === s).length;
      const ok = count('success') + count('pass');
      const line = `Done in ${res.elapsed.toFixed(2)}s. OK=${ok} WARN=${count('warn')} ERROR=${count('error') + count('fail')} SKIP=${count('skipped')} CANCELLED=${count('cancelled')} TOTAL=${res.results.length}`;
      write(color(res.success ? 32 : 31, line, opts.color));
      const totals = runTotals(res.results);
      if (totals?.bytesScanned !== undefined) {
        const cost = totals.costUsd !== undefined ? `, estimated cost $${totals.costUsd.toFixed(4)}` : '';
        write(`Scanned ${(totals.bytesScanned / 1e6).toFixed(1)} MB in total${cost}`);
      }
    },
    info(m) {
      write(m);
    },
    warn(m) {
      write(color(33, `warning: ${m}`, opts.color));
    },
    debug(m) {
      if (opts.debug) write(color(90, m, opts.color));
    },
  };
}
