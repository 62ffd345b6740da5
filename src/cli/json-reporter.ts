import type { Reporter } from '../runner/reporter.js';

/** One JSON object per line, for schedulers and log pipelines. */
export function jsonReporter(out: NodeJS.WritableStream, opts: { debug: boolean }): Reporter {
  const emit = (level: string, event: string, data: Record<string, unknown>) =>
    out.write(`${JSON.stringify({ ts: new Date().toISOString(), level, event, ...data })}\n`);
  return {
    runStarted: (info) => emit('info', 'run_started', info),
    nodeStarted: (node, index, total) => emit('info', 'node_started', { unique_id: node.uniqueId, kind: node.kind, index, total }),
    nodeFinished: (r, index, total) =>
      emit(r.status === 'error' || r.status === 'fail' ? 'error' : r.status === 'warn' || r.status === 'skipped' ? 'warn' : 'info', 'node_finished', {
        unique_id: r.uniqueId,
        status: r.status,
        message: r.message,
        rows_affected: r.rowsAffected ?? null,
        failures: r.failures ?? null,
        execution_time: r.executionTime,
        stats: r.stats ?? null,
        index,
        total,
      }),
    runFinished: (res) =>
      emit(res.success ? 'info' : 'error', 'run_finished', {
        invocation_id: res.invocationId,
        success: res.success,
        elapsed: res.elapsed,
        counts: res.results.reduce<Record<string, number>>((acc, r) => {
          acc[r.status] = (acc[r.status] ?? 0) + 1;
          return acc;
        }, {}),
      }),
    warn: (message) => emit('warn', 'warning', { message }),
    info: (message) => emit('info', 'info', { message }),
    debug: (message) => {
      if (opts.debug) emit('debug', 'debug', { message });
    },
  };
}
