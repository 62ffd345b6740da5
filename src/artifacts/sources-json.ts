import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FreshnessResult } from '../scheduling/freshness/check-source.js';
import { writeJsonAtomic } from './write.js';

/** target/sources.json: per source table, the newest load, its lag, the thresholds and the verdict (dbt's format, abridged). */
export function writeSourcesJson(targetPath: string, invocationId: string, results: FreshnessResult[], elapsed: number, generatedAt = new Date()): string {
  mkdirSync(targetPath, { recursive: true });
  const path = join(targetPath, 'sources.json');
  writeJsonAtomic(path, {
    metadata: { invocation_id: invocationId, generated_at: generatedAt.toISOString() },
    elapsed_time: elapsed,
    results: results.map((r) => ({
      unique_id: r.uniqueId,
      source_name: r.sourceName,
      table: r.table,
      relation_name: r.relationName,
      loaded_at_field: r.loadedAtField ?? null,
      max_loaded_at: r.maxLoadedAt ?? null,
      snapshotted_at: r.snapshottedAt,
      max_loaded_at_time_ago_in_s: r.lagSeconds ?? null,
      status: r.status,
      criteria: { warn_after: r.criteria.warn_after ?? null, error_after: r.criteria.error_after ?? null, filter: r.criteria.filter ?? null },
      message: r.message,
      execution_time: r.executionTime,
      timing: [{ name: 'execute', started_at: r.startedAt, completed_at: r.completedAt }],
    })),
  });
  return path;
}
