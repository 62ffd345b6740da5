import { join } from 'node:path';
import { writeFiles, type FileToWrite } from '../../artifacts/file-writer.js';
import type { EntryRanges } from '../../artifacts/json-stream.js';
import { movedRange, patchManifest } from '../../artifacts/manifest-patch.js';
import type { SnapshotCheck } from './check.js';
import { fileStat } from './file-stats.js';
import { writeSnapshotDelta, type MacroState, type ModelRecord, type SnapshotHead, type YamlRecord } from './snapshot.js';

export interface SnapshotCompile {
  targetPath: string;
  filesWritten: number;
  /** edited files whose models were compiled again (models and property files) */
  recompiled: string[];
}

export interface Recompiled {
  /** node id → its new manifest entry (JSON) */
  entries: Map<string, string>;
  /** where the full compile wrote those entries, as the snapshot's model records say */
  ranges: EntryRanges;
  /** node id → its new parent_map entry (JSON), for models whose ref() calls changed */
  parents: Map<string, string>;
  /** where the full compile wrote those parent_map entries */
  parentRanges: EntryRanges;
  /** node id → entry (JSON) of each model added since: new members of `nodes`, and of `parent_map` */
  added: Map<string, string>;
  addedParents: Map<string, string>;
  /** property files whose tests changed: their records as now */
  yaml: Record<string, YamlRecord>;
  /** their tests: entries and parent_map entries, which replace the ones the files had */
  tests: { entries: Map<string, string>; parents: Map<string, string> };
  /** their records as now, by model file */
  records: Record<string, ModelRecord>;
  /** one of them now reads a model of its own level or higher */
  unordered: boolean;
  files: FileToWrite[];
  /** env vars the new renders read → digests */
  env: Record<string, string>;
  /** the macros as now, when a macro file was edited */
  macros: MacroState;
}

/**
 * Writes what a compile from the snapshot produced: manifest.json with new metadata and the
 * recompiled entries, their compiled files, and the snapshot's delta. With nothing recompiled it
 * initializes no compiler module (the CLI calls it first). Undefined: compile in full.
 */
export function refreshFromSnapshot(check: SnapshotCheck, run: { invocationId: string; generatedAt: string }, recompiled?: Recompiled): SnapshotCompile | undefined {
  const { snapshot, targetPath, root } = check;
  if (check.changed.length && !recompiled) return undefined;
  const prior = check.loaded.delta;
  const head: SnapshotHead = {
    startedAt: check.startedAt,
    env: { ...snapshot.env, ...recompiled?.env },
    manifest: snapshot.manifest,
    inputs: { ...prior?.inputs },
    outputs: { ...prior?.outputs },
    folders: { ...prior?.folders, ...check.folders },
    macros: recompiled?.macros ?? snapshot.macros,
    moves: snapshot.moves,
    records: Object.keys(recompiled?.records ?? {}).length ? { ...snapshot.records, ...recompiled!.records } : snapshot.records,
    unordered: snapshot.unordered || recompiled?.unordered || undefined,
    filesWritten: snapshot.filesWritten,
    yaml: { ...prior?.yaml, ...recompiled?.yaml },
  };
  const inputs = [...check.verified.map((file) => ({ file, checksum: snapshot.inputs[file]![4], kind: snapshot.inputs[file]![5] })), ...check.changed];
  const manifestPath = join(targetPath, 'manifest.json');
  const files = recompiled?.files ?? [];
  // many files are written on a thread while the manifest is patched
  const pending = writeFiles(files);
  // the full compile's ranges, moved by the rewrites since; where a compile from the snapshot last
  // wrote an entry is newer than both
  const moved = (ranges: EntryRanges = {}) => Object.fromEntries(Object.entries(ranges).map(([id, range]) => [id, movedRange(range, snapshot.moves ?? [])]));
  // where the objects close now: the full compile's offsets, moved by the rewrites since
  const at = snapshot.manifestEnds.map((end) => movedRange([end, end], snapshot.moves ?? [])[0]) as [number, number];
  const added = recompiled?.added.size ? { entries: recompiled.added, parents: recompiled.addedParents, at, free: snapshot.manifestFree } : undefined;
  if (added) head.filesWritten! += added.entries.size;
  const testFiles = Object.keys(recompiled?.yaml ?? {});
  const tests = testFiles.length ? { ...recompiled!.tests, files: new Set(testFiles), free: snapshot.manifestFree } : undefined;
  const patch = { ...run, entries: recompiled?.entries ?? new Map<string, string>(), parents: recompiled?.parents, added, tests };
  const patched = patchManifest(manifestPath, patch, { ...moved(recompiled?.ranges), ...snapshot.entries }, moved(recompiled?.parentRanges));
  const { written } = pending.finish();
  if (!patched) return undefined;
  const { entries, moves, free } = patched;
  if (moves) head.moves = [...(snapshot.moves ?? []), moves];
  head.manifestFree = free ?? snapshot.manifestFree;
  // ranges of a few entries spare reading the manifest on the next edit; thousands are not worth keeping
  head.entries = Object.keys(entries).length <= 2000 ? entries : {};
  files.forEach((f, i) => (head.outputs[f.path.slice(targetPath.length + 1)] = written[i]!));
  for (const { file, checksum, kind } of inputs) {
    const s = fileStat(join(root, file));
    if (!s) return undefined;
    head.inputs[file] = [...s, checksum, kind];
  }
  head.manifest = fileStat(manifestPath)!;
  writeSnapshotDelta(targetPath, check.loaded, head);
  return { targetPath, filesWritten: head.filesWritten!, recompiled: check.changed.map((c) => c.file) };
}
