import { randomUUID } from 'node:crypto';
import { KnownFiles } from '../artifacts/known-files.js';
import { writeManifest } from '../artifacts/write.js';
import { loadState } from '../state/load-state.js';
import { withStateSelectors } from '../state/selector.js';
import { prepareManifest, type Manifest, type PrepareOptions } from '../graph/manifest.js';
import { selectForCommand, selectionWarnings, type SelectionArgs } from './selection.js';

export interface CompileResult {
  targetPath: string;
  filesWritten: number;
  manifest: Manifest;
  selected: string[];
  /** model files rendered this time: not reused from the render cache */
  rendered: string[];
  /** compiled files (relative to target/) whose content changed, and so were written */
  rewritten: string[];
  /** the project's warnings and --select arguments that matched nothing */
  warnings: string[];
}

type StateArgs = { /** --state: directory with the manifest.json state: selectors compare with */ state?: string };

/** What a long-lived process (`--watch`) keeps between its compiles besides the caches. */
export interface CompileMemo {
  compiledFiles: KnownFiles;
}

export function newCompileMemo(): CompileMemo {
  return { compiledFiles: new KnownFiles() };
}

/**
 * `keel compile`: compiled SQL for the selected nodes under target/compiled/, and manifest.json for
 * all. Every compile runs the whole pipeline; a warm one is faster only because the per-file
 * results it reuses (renders, parsed YAML) come from caches keyed by everything they read.
 */
export function compileCommand(opts: PrepareOptions & SelectionArgs & StateArgs & { memo?: CompileMemo }): CompileResult {
  const manifest = prepareManifest(opts);
  const state = opts.state ? loadState(opts.state) : undefined;
  const { selected, unmatched } = withStateSelectors(manifest, state, () => ({
    selected: selectForCommand(manifest, 'compile', opts),
    unmatched: selectionWarnings(manifest, opts),
  }));
  // YAML tests are many and small: their SQL is in manifest.json, and in a file once they run
  const files = selected.map((id) => manifest.nodes.get(id)!).filter((n) => n.kind === 'model' || (n.kind === 'test' && n.testName === 'singular'));
  const written = writeManifest(manifest, randomUUID(), files, { knownFiles: opts.memo?.compiledFiles });
  const rendered = manifest.cache ? manifest.cache.rendered : manifest.project.modelFiles;
  return {
    targetPath: manifest.project.targetPath,
    manifest,
    selected,
    filesWritten: written.compiled.length,
    rendered,
    rewritten: written.rewritten,
    warnings: [...manifest.parsed.warnings, ...unmatched],
  };
}

/** `keel ls`: the selected nodes, by name, in DAG order. */
export function listCommand(opts: PrepareOptions & SelectionArgs & StateArgs & { resourceTypes?: string[] }): {
  manifest: Manifest;
  nodes: string[];
  warnings: string[];
} {
  const manifest = prepareManifest(opts);
  const state = opts.state ? loadState(opts.state) : undefined;
  const { ids, unmatched } = withStateSelectors(manifest, state, () => ({
    ids: selectForCommand(manifest, 'ls', opts),
    unmatched: selectionWarnings(manifest, opts),
  }));
  const nodes = ids.filter((id) => !opts.resourceTypes?.length || opts.resourceTypes.includes(manifest.nodes.get(id)!.kind));
  return { manifest, nodes, warnings: [...manifest.parsed.warnings, ...unmatched] };
}
