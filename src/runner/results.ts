import type { NodeKind } from '../core/nodes.js';
import type { QueryStats } from '../engines/engine.js';

export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail' | 'cancelled';

export interface NodeResult {
  uniqueId: string;
  name: string;
  kind: NodeKind;
  status: NodeStatus;
  message: string;
  rowsAffected?: number;
  failures?: number;
  startedAt?: string;
  completedAt?: string;
  /** seconds */
  executionTime: number;
  stats?: QueryStats;
  relation?: string;
}

export type Command = 'run' | 'build' | 'seed' | 'test';

export interface RunResults {
  invocationId: string;
  /** `source freshness` reports like a run, but writes sources.json, not run_results.json */
  command: Command | 'source freshness';
  args: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  elapsed: number;
  results: NodeResult[];
  success: boolean;
}

export const FAILED_STATUSES: ReadonlySet<NodeStatus> = new Set(['error', 'fail', 'cancelled']);

/** Bytes scanned, engine time and cost summed over a run's nodes; undefined where no node reported them. */
export function runTotals(results: NodeResult[]): QueryStats | undefined {
  let total: QueryStats | undefined;
  for (const r of results) {
    if (!r.stats) continue;
    total ??= {};
    for (const key of ['bytesScanned', 'engineMs', 'costUsd'] as const) {
      const v = r.stats[key];
      if (v !== undefined) total[key] = (total[key] ?? 0) + v;
    }
  }
  return total;
}
