import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { writeManifest } from '../artifacts/write.js';
import { loadState } from '../state/load-state.js';
import { withStateSelectors } from '../state/selector.js';
import { compileFromSnapshot } from './compile-snapshot/apply.js';
import { checkSnapshot, type SnapshotCheck, type SnapshotOptions } from './compile-snapshot/check.js';
import { recordingReads } from './compile-snapshot/file-stats.js';
import { recordSnapshot, snapshotInputs } from './compile-snapshot/record.js';
import { prepareManifest, type Manifest, type PrepareOptions } from './manifest.js';
import { selectForCommand, selectionWarnings, type SelectionArgs } from './selection.js';

export interface CompileResult {
  targetPath: string;
  filesWritten: number;
  /** the parsed project, when the compile ran in full */
  manifest?: Manifest;
  selected?: string[];
  /** models rendered again from the snapshot, when the compile ran from it */
  fromSnapshot?: string[];
  /** the project's warnings and --select arguments that matched nothing */
  warnings: string[];
}

type StateArgs = { /** --state: directory with the manifest.json state: selectors compare with */ state?: string };
type CompileOptions = PrepareOptions & SelectionArgs & StateArgs & Pick<SnapshotOptions, 'keepSnapshot'> & { /** a check already made (the CLI makes it before loading the compiler) */ check?: SnapshotCheck };

/**
 * `keel compile`: compiled SQL for the selected nodes under target/compiled/, and manifest.json for
 * all. A whole-project compile whose last run left a snapshot only redoes the models edited since.
 */
export function compileCommand(opts: CompileOptions): CompileResult {
  const whole = !opts.select?.length && !opts.exclude?.length && !opts.state && opts.useCache !== false;
  const invocationId = randomUUID();
  if (whole) {
    const check = opts.check ?? checkSnapshot(opts);
    const fast = check && compileFromSnapshot(check, { ...opts, invocationId });
    // a project that warned has no snapshot: its compiles are full ones and say it again
    if (fast) return { targetPath: fast.targetPath, filesWritten: fast.filesWritten, fromSnapshot: fast.recompiled, warnings: [] };
  }
  const startedAt = Date.now();
  const envRead = new Set<string>();
  let volatile = false;
  const env = recordingReads(opts.env ?? process.env, envRead);
  const manifest = prepareManifest({ ...opts, env, onVolatileRead: () => (volatile = true) });
  const state = opts.state ? loadState(opts.state) : undefined;
  const { selected, unmatched } = withStateSelectors(manifest, state, () => ({ selected: selectForCommand(manifest, 'compile', opts), unmatched: selectionWarnings(manifest, opts) }));
  // YAML tests are many and small: their SQL is in manifest.json, and in a file once they run
  const files = selected.map((id) => manifest.nodes.get(id)!).filter((n) => n.kind === 'model' || (n.kind === 'test' && n.testName === 'singular'));
  const inputs = whole ? snapshotInputs(manifest) : [];
  const written = writeManifest(manifest, invocationId, files, { statAfter: inputs.map((f) => join(manifest.project.root, f)), patchable: whole });
  if (whole) recordSnapshot(manifest, { startedAt, target: opts.target, vars: opts.vars, envRead, volatile, inputs, written });
  return { targetPath: manifest.project.targetPath, manifest, selected, filesWritten: written.compiled.length, warnings: [...manifest.parsed.warnings, ...unmatched] };
}

/** `keel ls`: the selected nodes, by name, in DAG order. */
export function listCommand(opts: PrepareOptions & SelectionArgs & StateArgs & { resourceTypes?: string[] }): { manifest: Manifest; nodes: string[]; warnings: string[] } {
  const manifest = prepareManifest(opts);
  const state = opts.state ? loadState(opts.state) : undefined;
  const { ids, unmatched } = withStateSelectors(manifest, state, () => ({ ids: selectForCommand(manifest, 'ls', opts), unmatched: selectionWarnings(manifest, opts) }));
  const nodes = ids.filter((id) => !opts.resourceTypes?.length || opts.resourceTypes.includes(manifest.nodes.get(id)!.kind));
  return { manifest, nodes, warnings: [...manifest.parsed.warnings, ...unmatched] };
}
