import { randomUUID } from 'node:crypto';
import { writeManifest } from '../artifacts/write.js';
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
  // YAML tests are many and small: their SQL is in manifest.json, and in a file once they run
  const files = selected.map((id) => manifest.nodes.get(id)!).filter((n) => n.kind === 'model' || (n.kind === 'test' && n.testName === 'singular'));
  const filesWritten = writeManifest(manifest, randomUUID(), files);
  return { manifest, selected, filesWritten };
}

/** `keel ls`: the selected nodes, by name, in DAG order. */
export function listCommand(opts: PrepareOptions & SelectionArgs & { resourceTypes?: string[] }): { manifest: Manifest; nodes: string[] } {
  const manifest = prepareManifest(opts);
  const ids = selectForCommand(manifest, 'ls', opts).filter((id) => !opts.resourceTypes?.length || opts.resourceTypes.includes(manifest.nodes.get(id)!.kind));
  return { manifest, nodes: ids };
}
