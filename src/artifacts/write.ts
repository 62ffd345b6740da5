import { mkdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from '../core/nodes.js';
import { withGeneratedSql } from '../materialize/kind-plans.js';
import type { Manifest } from '../graph/manifest.js';
import { runTotals, type RunResults } from '../runner/results.js';
import { writeFileAtomically } from './atomic-file.js';
import { writeCompiledFiles } from './compiled-files.js';
import { writeJsonStream } from './json-stream.js';
import type { KnownFiles } from './known-files.js';
import { manifestJson } from './manifest-json.js';

/** Writes via a temp file and rename so a reader never sees half a JSON file. Compact: manifests get large. */
export function writeJsonAtomic(path: string, data: Record<string, unknown>): void {
  writeFileAtomically(path, (fd) => {
    writeJsonStream(fd, data);
    writeSync(fd, '\n');
  });
}

export interface WriteOptions {
  /** generated_at */
  at?: Date;
  /** compiled files known to hold their text (a long-lived process's) */
  knownFiles?: KnownFiles;
}

export interface WrittenArtifacts {
  /** compiled SQL files (relative to target/) */
  compiled: string[];
  /** of those, the ones whose content changed (or that were missing) and were written */
  rewritten: string[];
}

/**
 * manifest.json for every node, and compiled SQL files for `compiledNodes`: models and
 * singular tests on compile; on run/build/test, the nodes that ran (YAML tests included).
 */
export function writeManifest(m: Manifest, invocationId: string, compiledNodes: Iterable<Node>, opts: WriteOptions = {}): WrittenArtifacts {
  mkdirSync(m.project.targetPath, { recursive: true });
  const shown = [...compiledNodes].map((node) => withGeneratedSql(node, m.project.target));
  const compiled = writeCompiledFiles(m.project.targetPath, m.project.name, shown, opts.knownFiles);
  writeJsonAtomic(join(m.project.targetPath, 'manifest.json'), manifestJson(m, invocationId, opts.at ?? new Date()));
  const { changed } = compiled.pending.finish();
  return { compiled: compiled.paths, rewritten: compiled.paths.filter((_, i) => changed[i]) };
}

export function writeRunArtifacts(m: Manifest, results: RunResults): void {
  const ran = results.results.map((r) => m.nodes.get(r.uniqueId)).filter((n): n is Node => n !== undefined);
  writeManifest(m, results.invocationId, ran, { at: new Date(results.startedAt) });
  writeJsonAtomic(join(m.project.targetPath, 'run_results.json'), {
    metadata: { invocation_id: results.invocationId, command: results.command, generated_at: results.finishedAt },
    args: results.args,
    elapsed_time: results.elapsed,
    totals: runTotals(results.results) ?? null,
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
