import { hostname } from 'node:os';
import type { Engine } from '../../engines/engine.js';
import { insertRows } from '../../engines/insert-rows.js';
import { ensureHistoryTables, RUN_NODES_TABLE, RUNS_TABLE } from './tables.js';

export interface NodeRecord {
  uniqueId: string;
  name: string;
  resourceType: string;
  status: string;
  message: string;
  rowsAffected?: number;
  failures?: number;
  startedAt?: string;
  completedAt?: string;
  executionSeconds: number;
  bytesScanned?: number;
  costUsd?: number;
}

export interface RunRecord {
  invocationId: string;
  command: string;
  target: string;
  select: string[];
  exclude: string[];
  /** success, failure (a node failed), cancelled (SIGINT/SIGTERM) or killed (it ended without finishing: SIGKILL, OOM, a crash) */
  status: 'success' | 'failure' | 'cancelled' | 'killed';
  startedAt: string;
  finishedAt: string;
  retryOf?: string;
  args: Record<string, unknown>;
  nodes: NodeRecord[];
}

const BATCH = 200;
/** error messages can hold a whole statement; the history keeps the start */
const MESSAGE_CHARS = 2000;

const OK = new Set(['success', 'pass']);
const ERROR = new Set(['error', 'fail', 'runtime error']);
const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

/** Appends one invocation to the target's history tables (creating them the first time). */
export async function recordRun(engine: Engine, schema: string, run: RunRecord): Promise<void> {
  await ensureHistoryTables(engine, schema);
  const count = (pred: (s: string) => boolean) => run.nodes.filter((n) => pred(n.status)).length;
  const db = engine.db.withSchema(schema);
  await db
    .insertInto(RUNS_TABLE)
    .values({
      invocation_id: run.invocationId,
      command: run.command,
      target: run.target,
      selection: run.select.join(' '),
      exclusion: run.exclude.join(' '),
      status: run.status,
      started_at: new Date(run.startedAt),
      finished_at: new Date(run.finishedAt),
      elapsed_seconds: (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000,
      nodes_total: run.nodes.length,
      nodes_ok: count((s) => OK.has(s)),
      nodes_warn: count((s) => s === 'warn'),
      nodes_error: count((s) => ERROR.has(s)),
      nodes_skipped: count((s) => s === 'skipped'),
      nodes_cancelled: count((s) => s === 'cancelled'),
      retry_of: run.retryOf ?? null,
      host: hostname(),
      args: JSON.stringify(run.args),
    })
    .execute();
  for (let i = 0; i < run.nodes.length; i += BATCH) {
    const rows = run.nodes.slice(i, i + BATCH).map((n) => ({
      invocation_id: run.invocationId,
      unique_id: n.uniqueId,
      name: n.name,
      resource_type: n.resourceType,
      status: n.status,
      message: n.message.slice(0, MESSAGE_CHARS),
      rows_affected: n.rowsAffected ?? null,
      failures: n.failures ?? null,
      started_at: date(n.startedAt),
      completed_at: date(n.completedAt),
      execution_seconds: n.executionSeconds,
      bytes_scanned: n.bytesScanned ?? null,
      cost_usd: n.costUsd ?? null,
    }));
    // messages make rows long: the insert splits itself under the engine's statement limit
    await insertRows(engine, schema, RUN_NODES_TABLE, rows);
  }
}
