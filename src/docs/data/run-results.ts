import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocsData, LastRun } from '../types.js';

export interface RunResultsIndex {
  meta: DocsData['lastRun'];
  byId: Map<string, LastRun>;
}

interface RawResult {
  unique_id: string;
  status: string;
  message?: string;
  execution_time?: number;
  rows_affected?: number | null;
  failures?: number | null;
  timing?: { completed_at?: string }[];
  adapter_response?: { bytesScanned?: number };
}

/**
 * The last invocation's statuses from target/run_results.json. It only covers what that
 * invocation selected, so a node missing here was simply not part of it.
 */
export function readRunResults(targetPath: string): RunResultsIndex {
  const path = join(targetPath, 'run_results.json');
  if (!existsSync(path)) return { meta: null, byId: new Map() };
  let raw: { metadata?: { invocation_id?: string; command?: string; generated_at?: string }; results?: RawResult[] };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // a half-written or foreign file should not stop the docs
    return { meta: null, byId: new Map() };
  }
  const byId = new Map<string, LastRun>();
  for (const r of raw.results ?? []) {
    byId.set(r.unique_id, {
      status: r.status,
      message: r.message ?? '',
      executionTime: r.execution_time ?? 0,
      rowsAffected: r.rows_affected ?? null,
      failures: r.failures ?? null,
      bytesScanned: r.adapter_response?.bytesScanned ?? null,
      completedAt: r.timing?.at(-1)?.completed_at ?? null,
    });
  }
  const m = raw.metadata ?? {};
  return { meta: { command: m.command ?? '', generatedAt: m.generated_at ?? '', invocationId: m.invocation_id ?? '' }, byId };
}
