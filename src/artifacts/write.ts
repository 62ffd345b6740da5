import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../runner/manifest.js';
import type { RunResults } from '../runner/results.js';
import { writeCompiledFiles } from './compiled-files.js';
import { manifestJson } from './manifest-json.js';

/** Writes via a temp file and rename so a reader never sees half a JSON file. Compact: manifests get large. */
export function writeJsonAtomic(path: string, data: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data)}\n`);
  renameSync(tmp, path);
}

export function writeManifest(m: Manifest, invocationId: string, at = new Date()): void {
  mkdirSync(m.project.targetPath, { recursive: true });
  writeCompiledFiles(m.project.targetPath, m.project.name, m.nodes.values());
  writeJsonAtomic(join(m.project.targetPath, 'manifest.json'), manifestJson(m, invocationId, at));
}

export function writeRunArtifacts(m: Manifest, results: RunResults): void {
  writeManifest(m, results.invocationId, new Date(results.startedAt));
  writeJsonAtomic(join(m.project.targetPath, 'run_results.json'), {
    metadata: { invocation_id: results.invocationId, command: results.command, generated_at: results.finishedAt },
    args: results.args,
    elapsed_time: results.elapsed,
    success: results.success,
    results: results.results.map((r) => ({
      unique_id: r.uniqueId,
      name: r.name,
      resource_type: r.kind,
      status: r.status,
      message: r.message,
      rows_affected: r.rowsAffected ?? null,
      failures: r.failures ?? null,
      execution_time: r.executionTime,
      timing: r.startedAt ? [{ name: 'execute', started_at: r.startedAt, completed_at: r.completedAt }] : [],
      relation_name: r.relation ?? null,
      adapter_response: r.stats ?? {},
    })),
  });
}
