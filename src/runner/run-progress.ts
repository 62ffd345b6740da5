import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from '../artifacts/write.js';
import { PROGRESS_FILE } from '../artifacts/read-run-results.js';
import type { Node } from '../core/nodes.js';
import type { NodeResult } from './results.js';

export interface StartedRun {
  targetPath: string;
  invocationId: string;
  command: string;
  args: Record<string, unknown>;
  startedAt: string;
  nodes: Node[];
}

/**
 * Makes a run visible before its first node runs: run_results.json says `running` (with the
 * pid and host, to tell a live run from a killed one) and lists what the run selected, and a
 * journal beside it gets one line per finished node. A run killed before it writes its final
 * results (SIGKILL, OOM, a crash) leaves exactly what `keel retry` needs: what did not finish.
 */
export function markRunStarted(run: StartedRun): void {
  mkdirSync(run.targetPath, { recursive: true });
  // the journal first: a stale one must not be read as this run's
  rmSync(join(run.targetPath, PROGRESS_FILE), { force: true });
  writeJsonAtomic(join(run.targetPath, 'run_results.json'), {
    metadata: {
      invocation_id: run.invocationId,
      command: run.command,
      generated_at: run.startedAt,
      status: 'running',
      pid: process.pid,
      host: hostname(),
      started_at: run.startedAt,
    },
    args: run.args,
    success: false,
    selected: run.nodes.map((n) => ({ unique_id: n.uniqueId, name: n.name, resource_type: n.kind })),
    results: [],
  });
}

/** One finished node, appended (a line costs the same at the first node and the thousandth). */
export function recordNodeProgress(targetPath: string, invocationId: string, r: NodeResult): void {
  const line = {
    invocation_id: invocationId,
    unique_id: r.uniqueId,
    status: r.status,
    message: r.message,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    execution_time: r.executionTime,
  };
  appendFileSync(join(targetPath, PROGRESS_FILE), `${JSON.stringify(line)}\n`);
}

/** The final run_results.json is written: the journal has served. */
export function clearRunProgress(targetPath: string): void {
  rmSync(join(targetPath, PROGRESS_FILE), { force: true });
}
