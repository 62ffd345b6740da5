import type { RunDelivery, SegmentResult, SyncResults } from './results.js';

/** Progress of `keel sync`, as text for people or JSON lines for schedulers. Messages arrive redacted. */
export interface SyncReporter {
  started(info: { endpoint: string; delivery: 's3' | 'outbox'; segments: string[]; dryRun: boolean }): void;
  segment(result: SegmentResult): void;
  run(run: RunDelivery): void;
  note(message: string): void;
  finished(results: SyncResults): void;
}

export const silentSyncReporter: SyncReporter = { started() {}, segment() {}, run() {}, note() {}, finished() {} };

const fmt = (x: number) => x.toLocaleString('en-US');

export function textSyncReporter(out: NodeJS.WritableStream): SyncReporter {
  const w = (s: string) => out.write(`${s}\n`);
  let width = 0;
  return {
    started: (i) => {
      width = Math.max(0, ...i.segments.map((s) => s.length));
      const n = i.segments.length;
      const where = i.delivery === 'outbox' ? 'the local outbox (no LOTAME_TOKEN/LOTAME_ACCESS_KEY set)' : i.endpoint;
      w(`${i.dryRun ? 'Dry run: ' : ''}Syncing ${n} segment${n === 1 ? '' : 's'} to Lotame: ${where}`);
    },
    segment: (r) => {
      const b = r.behavior ? `'${r.behavior.name}'${r.behavior.id ? ` #${r.behavior.id}` : ''}${r.behavior.created ? ' (created)' : ''}` : '';
      const c = r.counts;
      const counts =
        r.status === 'failed'
          ? ''
          : `  members ${fmt(c.members)}  +${fmt(c.adds)} -${fmt(c.removes)}  opt-out ${fmt(c.optouts)}${c.invalidIds ? `  invalid ids ${fmt(c.invalidIds)}` : ''}`;
      w(
        `  ${r.status.toUpperCase().padEnd(12)}  ${r.segment.padEnd(width)}  ${(r.mode ?? '').padEnd(5)}  ${b}${counts}${r.message ? `\n      ${r.message.replace(/\n/g, '\n      ')}` : ''}`,
      );
    },
    run: (r) =>
      w(
        `  run ${r.runId}${r.resumed ? ' (resumed)' : ''}: ${fmt(r.dataLines)} data line${r.dataLines === 1 ? '' : 's'}, ${fmt(r.optoutLines)} opt-out line${r.optoutLines === 1 ? '' : 's'} in ${r.files.length} file${r.files.length === 1 ? '' : 's'}${r.status === 'acknowledged' ? '' : ` — NOT acknowledged${r.message ? `: ${r.message}` : ''}`}`,
      ),
    note: (m) => w(`  ${m}`),
    finished: (r) =>
      w(
        `${r.success ? 'Sync finished' : 'Sync finished with errors'} in ${r.elapsed.toFixed(1)} s${r.delivery === 'outbox' && !r.dryRun && r.runs.length ? `; files in ${r.localRoot}` : ''}${r.dryRun ? '' : '. Results: target/sync_results.json'}`,
      ),
  };
}

export function jsonSyncReporter(out: NodeJS.WritableStream): SyncReporter {
  const w = (event: string, data: object) => out.write(`${JSON.stringify({ event, ...data })}\n`);
  return {
    started: (i) => w('sync_started', i),
    segment: (r) => w('segment_finished', r),
    run: (r) => w('run_finished', r),
    note: (message) => w('note', { message }),
    finished: (r) => w('sync_finished', { success: r.success, elapsed: r.elapsed, segments: r.segments.length, runs: r.runs.length }),
  };
}
