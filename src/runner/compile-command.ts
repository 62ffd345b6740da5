import { randomUUID } from 'node:crypto';
import { writeManifest } from '../artifacts/write.js';
import { loadState } from '../state/load-state.js';
import { withStateSelectors } from '../state/selector.js';
import { prepareManifest, type Manifest, type PrepareOptions } from './manifest.js';
import { selectForCommand, type SelectionArgs } from './selection.js';

export interface CompileResult {
  manifest: Manifest;
  selected: string[];
  filesWritten: number;
}

type StateArgs = { /** --state: directory with the manifest.json state: selectors compare with */ state?: string };

/** `keel compile`: compiled SQL for the selected nodes under target/compiled/, and manifest.json for all. */
export function compileCommand(opts: PrepareOptions & SelectionArgs & StateArgs): CompileResult {
  const manifest = prepareManifest(opts);
  const state = opts.state ? loadState(opts.state) : undefined;
  const selected = withStateSelectors(manifest, state, () => selectForCommand(manifest, 'compile', opts));
  // YAML tests are many and small: their SQL is in manifest.json, and in a file once they run
  const files = selected.map((id) => manifest.nodes.get(id)!).filter((n) => n.kind === 'model' || (n.kind === 'test' && n.testName === 'singular'));
  const filesWritten = writeManifest(manifest, randomUUID(), files);
  return { manifest, selected, filesWritten };
}

/** `keel ls`: the selected nodes, by name, in DAG order. */
export function listCommand(opts: PrepareOptions & SelectionArgs & StateArgs & { resourceTypes?: string[] }): { manifest: Manifest; nodes: string[] } {
  const manifest = prepareManifest(opts);
  const state = opts.state ? loadState(opts.state) : undefined;
  const ids = withStateSelectors(manifest, state, () => selectForCommand(manifest, 'ls', opts)).filter(
    (id) => !opts.resourceTypes?.length || opts.resourceTypes.includes(manifest.nodes.get(id)!.kind),
  );
  return { manifest, nodes: ids };
}
