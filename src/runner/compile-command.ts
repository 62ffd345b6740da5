import { randomUUID } from 'node:crypto';
import { writeJsonAtomic } from '../artifacts/write.js';
import { writeCompiledFiles } from '../artifacts/compiled-files.js';
import { manifestJson } from '../artifacts/manifest-json.js';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { prepareManifest, type Manifest, type PrepareOptions } from './manifest.js';
import { selectForCommand, type SelectionArgs } from './selection.js';

export interface CompileResult {
  manifest: Manifest;
  selected: string[];
  filesWritten: number;
}

/** `keel compile`: compiled SQL for the selected nodes under target/compiled/, and manifest.json for all. */
export function compileCommand(opts: PrepareOptions & SelectionArgs): CompileResult {
  const manifest = prepareManifest(opts);
  const selected = selectForCommand(manifest, 'compile', opts);
  mkdirSync(manifest.project.targetPath, { recursive: true });
  const filesWritten = writeCompiledFiles(manifest.project.targetPath, manifest.project.name, selected.map((id) => manifest.nodes.get(id)!));
  writeJsonAtomic(join(manifest.project.targetPath, 'manifest.json'), manifestJson(manifest, randomUUID(), new Date()));
  return { manifest, selected, filesWritten };
}

/** `keel ls`: the selected nodes, by name, in DAG order. */
export function listCommand(opts: PrepareOptions & SelectionArgs & { resourceTypes?: string[] }): { manifest: Manifest; nodes: string[] } {
  const manifest = prepareManifest(opts);
  const ids = selectForCommand(manifest, 'ls', opts).filter((id) => !opts.resourceTypes?.length || opts.resourceTypes.includes(manifest.nodes.get(id)!.kind));
  return { manifest, nodes: ids };
}
