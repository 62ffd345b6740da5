import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readRunResults, type StoredRunResults } from '../artifacts/read-run-results.js';
import type { Engine } from '../engines/engine.js';
import { LOCK_BUSY_EXIT_CODE } from '../scheduling/lock/lock-busy.js';
import { KeelError } from '../core/errors.js';
import type { RunRow } from '../scheduling/history/read.js';
import { recordRun, type RunRecord } from '../scheduling/history/record.js';
import { historyConfig } from '../scheduling/history/tables.js';
import { isProcessAlive } from '../scheduling/lock/process-alive.js';
import type { Manifest } from '../graph/manifest.js';
import type { Reporter } from './reporter.js';

/**
 * A run marked running whose process still runs on this host. Another host's process cannot be
 * checked: false, and the target's lock keeps the two apart.
 */
export function isRunStillGoing(meta: StoredRunResults['metadata']): boolean {
  if (meta.status !== 'running' || meta.pid === undefined || meta.host !== hostname()) return false;
  return meta.pid !== process.pid && isProcessAlive(meta.pid);
}

/** `keel retry` while the run it would retry still goes: what to retry is not known yet (exit 3, as a busy lock). */
export class RunStillGoingError extends KeelError {
  readonly exitCode = LOCK_BUSY_EXIT_CODE;

  constructor(target: string, meta: StoredRunResults['metadata']) {
    super(
      `The last run on target '${target}' (keel ${meta.command}, invocation ${meta.invocation_id}, pid ${meta.pid} on ${meta.host}, started ${meta.started_at}) is still running`,
      {
        hint: 'Retry once it has finished: what failed is known only then.',
      },
    );
  }
}

/** The last run, when run_results.json says it started and never finished; undefined otherwise (or unreadable). */
export function unfinishedRun(targetPath: string): StoredRunResults | undefined {
  if (!existsSync(join(targetPath, 'run_results.json'))) return undefined;
  try {
    const last = readRunResults(targetPath);
    return last.metadata.status === 'running' ? last : undefined;
  } catch {
    return undefined;
  }
}

/** A run that never finished, as a history record: status 'killed', its finished nodes as they were, the rest cancelled. */
export function killedRunRecord(run: StoredRunResults): RunRecord {
  const startedAt = run.metadata.started_at ?? new Date(0).toISOString();
  const ends = run.results.map((r) => r.completed_at).filter((t): t is string => !!t);
  return {
    invocationId: run.metadata.invocation_id,
    command: run.metadata.command,
    target: run.args.target ?? '',
    select: run.args.select ?? [],
    exclude: run.args.exclude ?? [],
    status: 'killed',
    startedAt,
    // when it was last seen working: its last finished node
    finishedAt: ends.sort().at(-1) ?? startedAt,
    retryOf: run.args.retry_of,
    args: run.args,
    nodes: run.results.map((r) => ({
      uniqueId: r.unique_id,
      name: r.name ?? r.unique_id,
      resourceType: r.resource_type ?? '',
      status: r.status,
      message: r.message ?? '',
      startedAt: r.started_at,
      completedAt: r.completed_at,
      executionSeconds: r.execution_time ?? 0,
    })),
  };
}

/**
 * Called under the target's lock before a run marks itself started: the previous run in this
 * target folder that never finished is appended to the history as killed, so the history keeps
 * it after run_results.json is replaced. Without a lock a run still going is left alone.
 */
export async function recordKilledRun(engine: Engine, manifest: Manifest, locked: boolean, reporter: Pick<Reporter, 'warn'>): Promise<void> {
  const run = unfinishedRun(manifest.project.targetPath);
  if (!run || (!locked && isRunStillGoing(run.metadata))) return;
  const config = historyConfig(manifest.project);
  if (!config.enabled) return;
  try {
    await recordRun(engine, config.schema, killedRunRecord(run));
  } catch (err) {
    reporter.warn(
      `could not record the killed run ${run.metadata.invocation_id} in ${config.schema}.keel_runs: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * `keel history`: the last run in this target folder, when it never finished and is not in the
 * history yet (the next run records it), is shown first: 'running' while its process lives,
 * 'killed' once it is gone.
 */
export function withUnfinishedRun(rows: RunRow[] | undefined, targetPath: string, limit: number): RunRow[] | undefined {
  const run = unfinishedRun(targetPath);
  if (!run || rows?.some((r) => r.invocation_id === run.metadata.invocation_id)) return rows;
  const record = killedRunRecord(run);
  const count = (statuses: string[]) => record.nodes.filter((n) => statuses.includes(n.status)).length;
  const row: RunRow = {
    invocation_id: record.invocationId,
    command: record.command,
    target: record.target,
    selection: record.select.join(' '),
    exclusion: record.exclude.join(' '),
    status: isRunStillGoing(run.metadata) ? 'running' : 'killed',
    started_at: new Date(record.startedAt),
    finished_at: new Date(record.finishedAt),
    elapsed_seconds: (Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000,
    nodes_total: record.nodes.length,
    nodes_ok: count(['success', 'pass']),
    nodes_warn: count(['warn']),
    nodes_error: count(['error', 'fail']),
    nodes_skipped: count(['skipped']),
    nodes_cancelled: count(['cancelled']),
    retry_of: record.retryOf ?? null,
    host: run.metadata.host ?? '',
  };
  return [row, ...(rows ?? [])].slice(0, limit);
}
