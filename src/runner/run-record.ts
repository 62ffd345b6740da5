import type { RunRecord } from '../scheduling/history/record.js';
import type { RunResults } from './results.js';

/** A run's results as rows of the target's history tables. */
export function runRecord(run: RunResults, cancelled: boolean): RunRecord {
  const args = run.args as { select?: string[]; exclude?: string[]; target?: string; retry_of?: string };
  return {
    invocationId: run.invocationId,
    command: run.command,
    target: args.target ?? '',
    select: args.select ?? [],
    exclude: args.exclude ?? [],
    status: cancelled ? 'cancelled' : run.success ? 'success' : 'failure',
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    retryOf: args.retry_of,
    args: run.args,
    nodes: run.results.map((r) => ({
      uniqueId: r.uniqueId,
      name: r.name,
      resourceType: r.kind,
      status: r.status,
      message: r.message,
      rowsAffected: r.rowsAffected,
      failures: r.failures,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      executionSeconds: r.executionTime,
      bytesScanned: r.stats?.bytesScanned,
      costUsd: r.stats?.costUsd,
    })),
  };
}
