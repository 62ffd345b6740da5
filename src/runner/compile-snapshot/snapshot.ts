import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { writeFileAtomically } from '../../artifacts/atomic-file.js';
import { join } from 'node:path';
import type { EntryRanges } from '../../artifacts/json-stream.js';
import type { Moves } from '../../artifacts/manifest-patch.js';
import type { Relation } from '../../core/relation.js';
import { fileStat, sameStat } from './file-stats.js';

/** Bump when what the snapshot records or how a compile from it works changes. */
const SNAPSHOT_VERSION = 13;
// model records are spread over files so a compile from the snapshot reads only the few it needs
const MODEL_SHARDS = 64;
// past this many entries the delta is folded into a new base
const DELTA_LIMIT = 2000;

/** [size, mtimeMs, ctimeMs, inode] */
export type FileStat = [number, number, number, number];

/**
 * A model or property file edited can be compiled from the snapshot; another file only verified
 * unchanged by its checksum (when its stat moved or was recent), else the compile is a full one.
 */
export type InputKind = 'model' | 'yaml' | 'macro' | 'other';

/** What the macros were at the last compile: an edit is compiled from the snapshot when it changes only what models call. */
export interface MacroState {
  /** every macro → digest of its definition and of the macros it calls */
  digests: Record<string, string>;
  /** macro file → digest of its text outside macro blocks (comments left out) */
  outside: Record<string, string>;
  /** macros that singular tests name in their text */
  singularTests: string[];
}
export type InputEntry = [...FileStat, checksum: string | null, kind: InputKind];

/** What changes on every compile: small, rewritten by compiles from the snapshot. */
export interface SnapshotHead {
  /** start of the last compile (ms): a file changed since may differ from what it read */
  startedAt: number;
  /** env var → digest of its value, for every env var a template read (never the value) */
  env: Record<string, string>;
  manifest: FileStat;
  /** input files → stat, what the file is, and the checksum of the text compiled (when known) */
  inputs: Record<string, InputEntry>;
  /** compiled SQL files (relative to target/) → stat after writing */
  outputs: Record<string, FileStat>;
  /** where entries written from the snapshot are in manifest.json (the next edit of them reads only those bytes) */
  entries?: EntryRanges;
  /** rewrites of the whole manifest since the full compile, in order (they moved the entries its records locate) */
  moves?: Moves[];
  /** model records changed since the full compile (an edit changed the model's ref() calls) */
  records?: Record<string, ModelRecord>;
  /** an edit since made a model read one of its own level or higher: levels no longer rule out a cycle */
  unordered?: boolean;
  /** folders listed again since the base (their files unchanged, or model files added) → mtime */
  folders?: Record<string, number>;
  macros?: MacroState;
  /** compiled files, when models were added since */
  filesWritten?: number;
  /** the room left before the braces closing `nodes` and `parent_map`, when models were added since */
  manifestFree?: [nodes: number, parents: number];
  /** property files whose tests changed since, as they are now */
  yaml?: Record<string, YamlRecord>;
}

/**
 * What a full `keel compile` read and wrote, so the next one can tell from file stats alone
 * whether anything changed, and patch manifest.json for the models that did.
 */
export interface CompileSnapshot extends SnapshotHead {
  /** --target and --vars as given */
  args: string;
  /** checksum of project.yml's text as compiled */
  projectYml: string;
  filesWritten: number;
  macroFiles: string[];
  /** every folder listed for project files (relative to the root) → mtime, -1 if missing */
  folders: Record<string, number>;
  /** property files → digests of their structure and shape (see yaml-structure.ts), and the model files of the models they describe */
  yaml: Record<string, YamlRecord>;
  macros: MacroState;
  /** project.yml's model paths, and the other paths keel finds .sql files in (macros, singular tests) */
  paths: { models: string[]; others: string[] };
  /** where the `nodes` and `parent_map` objects close in manifest.json as written (moved by `moves` since) */
  manifestEnds: [nodes: number, parents: number];
  /** the spaces before those braces, where models added are written */
  manifestFree: [nodes: number, parents: number];
}

export interface YamlRecord {
  structure: string;
  shape: string;
  models: string[];
}

/** A model's inputs and identity as compiled: an edit that keeps them equal changes only its own entry. */
export interface ModelRecord {
  id: string;
  relation: Relation | null;
  /** property YAML file describing it */
  yaml: string | null;
  refs: Array<{ call: string; name: string; kind: 'model' | 'seed'; relation: Relation }>;
  sources: Array<{ source: string; table: string; relation: Relation }>;
  dependsOn: string[];
  /** the macros its render called, sorted: the index of callers a macro edit goes by is the full compile's */
  macros: string[];
  /** its longest chain of dependencies at the full compile: a ref to a model of a lower level cannot close a cycle */
  level: number;
  /** its entry's range in manifest.json as the full compile wrote it (a patch checks it is still there); none for a model added since */
  entry?: [number, number];
  /** and its parent_map entry's */
  parents?: [number, number];
}

type Stored<T> = T & { version: number; base: string };

const dir = (targetPath: string) => join(targetPath, '.keel');
const baseFile = (targetPath: string) => join(dir(targetPath), 'compile-snapshot.json');
const deltaFile = (targetPath: string) => join(dir(targetPath), 'compile-snapshot-delta.json');
const modelsFile = (targetPath: string) => join(dir(targetPath), 'compile-records');

function shardOf(file: string): number {
  let h = 0;
  for (let i = 0; i < file.length; i++) h = (h * 31 + file.charCodeAt(i)) | 0;
  return (h >>> 0) % MODEL_SHARDS;
}

function readJson<T>(path: string, base?: string): Stored<T> | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Stored<T>;
    return data.version === SNAPSHOT_VERSION && (base === undefined || data.base === base) ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeJson(path: string, data: unknown): void {
  writeFileAtomically(path, (fd) => writeFileSync(fd, JSON.stringify(data)));
}

export interface LoadedSnapshot {
  snapshot: CompileSnapshot;
  /** the base's id and the entries written since it, to write the next delta from */
  base: string;
  delta: SnapshotHead | undefined;
}

// `keel compile --watch` reads the same base after every save: parsed once per version of the file
// (it is replaced by a rename: a new inode) and never changed in memory, merges copy what they change
let kept: { path: string; stat: FileStat; stored: Stored<CompileSnapshot> } | undefined;

function keptBase(path: string): Stored<CompileSnapshot> | undefined {
  // stat first: a file replaced before the read is parsed again next time, its stat being newer
  const stat = fileStat(path);
  if (!stat) return undefined;
  if (kept?.path === path && sameStat(kept.stat, stat)) return kept.stored;
  const stored = readJson<CompileSnapshot>(path);
  kept = stored ? { path, stat, stored } : undefined;
  return stored;
}

/**
 * The base snapshot with the delta written since applied to it. `keep`: a long-lived process
 * (--watch) keeps the parsed base for its next compiles; the result is then read-only.
 */
export function readSnapshot(targetPath: string, keep = false): LoadedSnapshot | undefined {
  const stored = keep ? keptBase(baseFile(targetPath)) : readJson<CompileSnapshot>(baseFile(targetPath));
  if (!stored) return undefined;
  const { version: _v, base, ...snapshot } = stored;
  const delta = readJson<SnapshotHead>(deltaFile(targetPath), base);
  if (!delta) return { snapshot, base, delta };
  // a kept base is shared with the next compiles: merged into copies of its maps
  const merge = <T extends object>(into: T, from: T | undefined): T => (keep ? { ...into, ...from } : Object.assign(into, from));
  const merged: CompileSnapshot = {
    ...snapshot,
    inputs: merge(snapshot.inputs, delta.inputs),
    outputs: merge(snapshot.outputs, delta.outputs),
    folders: merge(snapshot.folders, delta.folders),
    startedAt: delta.startedAt,
    env: delta.env,
    manifest: delta.manifest,
    entries: delta.entries,
    macros: delta.macros ?? snapshot.macros,
    moves: delta.moves ?? snapshot.moves,
    records: delta.records ?? snapshot.records,
    unordered: delta.unordered ?? snapshot.unordered,
    filesWritten: delta.filesWritten ?? snapshot.filesWritten,
    manifestFree: delta.manifestFree ?? snapshot.manifestFree,
    yaml: merge(snapshot.yaml, delta.yaml),
  };
  return { snapshot: merged, base, delta };
}

interface RecordsIndex {
  version: number;
  base: string;
  /** byte ranges (after the index line) of the model record shards */
  shards: Array<[number, number]>;
  /** byte range of macro → model files calling it */
  byMacro: [number, number];
}

/** Reads the index line of the records file, then the parts `read` asks for by range. */
function withRecords<T>(targetPath: string, base: string, read: (part: <P>(range: [number, number]) => P, index: RecordsIndex) => T | undefined): T | undefined {
  let fd: number;
  try {
    fd = openSync(modelsFile(targetPath), 'r');
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(16384);
    const n = readSync(fd, head, 0, head.length, 0);
    const end = head.subarray(0, n).indexOf(0x0a);
    if (end < 0) return undefined;
    const index = JSON.parse(head.subarray(0, end).toString()) as RecordsIndex;
    if (index.version !== SNAPSHOT_VERSION || index.base !== base) return undefined;
    const part = <P>([at, length]: [number, number]): P => {
      const buf = Buffer.alloc(length);
      if (readSync(fd, buf, 0, length, end + 1 + at) !== length) throw new Error('short read');
      return JSON.parse(buf.toString()) as P;
    };
    return read(part, index);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The records of `files` (undefined if one has none): those changed since the base (`changed`) first. */
export function readModelRecords(targetPath: string, base: string, files: Iterable<string>, changed: Record<string, ModelRecord> = {}): Map<string, ModelRecord> | undefined {
  return withRecords(targetPath, base, (part, index) => {
    const out = new Map<string, ModelRecord>();
    const shards = new Map<number, Record<string, ModelRecord>>();
    for (const file of files) {
      let record = changed[file];
      if (!record) {
        const shard = shardOf(file);
        let records = shards.get(shard);
        if (!records) shards.set(shard, (records = part<Record<string, ModelRecord>>(index.shards[shard]!)));
        record = records[file];
      }
      if (!record) return undefined;
      out.set(file, record);
    }
    return out;
  });
}

/** Every model's record, those changed since the base as they are now. */
export function readAllModelRecords(targetPath: string, base: string, changed: Record<string, ModelRecord> = {}): Map<string, ModelRecord> | undefined {
  return withRecords(targetPath, base, (part, index) => {
    const out = new Map<string, ModelRecord>();
    for (const range of index.shards) for (const [file, record] of Object.entries(part<Record<string, ModelRecord>>(range))) out.set(file, record);
    for (const [file, record] of Object.entries(changed)) out.set(file, record);
    return out;
  });
}

/** Model files whose renders called each macro. */
export function readMacroCallers(targetPath: string, base: string): Record<string, string[]> | undefined {
  return withRecords(targetPath, base, (part, index) => part<Record<string, string[]>>(index.byMacro));
}

export function dropSnapshot(targetPath: string): void {
  rmSync(baseFile(targetPath), { force: true });
  rmSync(deltaFile(targetPath), { force: true });
}

/**
 * Model records first and the base last: a base on disk always has its records. The records are
 * one file of shards behind an index line, so a compile from the snapshot reads only the shards
 * of the models it redoes (and a compile writes one file, not one per shard).
 */
export function writeSnapshot(targetPath: string, snapshot: CompileSnapshot, models: Record<string, ModelRecord>, byMacro: Record<string, string[]>): void {
  dropSnapshot(targetPath);
  const base = randomUUID();
  mkdirSync(dir(targetPath), { recursive: true });
  const shards: Array<Record<string, ModelRecord>> = Array.from({ length: MODEL_SHARDS }, () => ({}));
  for (const [file, record] of Object.entries(models)) shards[shardOf(file)]![file] = record;
  const texts = [...shards, byMacro].map((records) => Buffer.from(JSON.stringify(records)));
  let at = 0;
  const ranges = texts.map((t) => {
    const range: [number, number] = [at, t.length];
    at += t.length;
    return range;
  });
  const index: RecordsIndex = { version: SNAPSHOT_VERSION, base, shards: ranges.slice(0, MODEL_SHARDS), byMacro: ranges[MODEL_SHARDS]! };
  writeFileAtomically(modelsFile(targetPath), (fd) => writeFileSync(fd, Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), ...texts])));
  writeJson(baseFile(targetPath), { ...snapshot, version: SNAPSHOT_VERSION, base });
}

/** What a compile from the snapshot changed, written beside the base (folded into a new one when large). */
export function writeSnapshotDelta(targetPath: string, loaded: LoadedSnapshot, head: SnapshotHead): void {
  const size = Object.keys(head.inputs).length + Object.keys(head.outputs).length + Object.keys(head.folders ?? {}).length;
  if (size > DELTA_LIMIT) {
    const { snapshot: base } = loaded;
    const snapshot = { ...base, ...head, inputs: { ...base.inputs, ...head.inputs }, outputs: { ...base.outputs, ...head.outputs }, folders: { ...base.folders, ...head.folders }, yaml: { ...base.yaml, ...head.yaml } };
    writeJson(baseFile(targetPath), { ...snapshot, version: SNAPSHOT_VERSION, base: loaded.base });
    rmSync(deltaFile(targetPath), { force: true });
    return;
  }
  writeJson(deltaFile(targetPath), { ...head, version: SNAPSHOT_VERSION, base: loaded.base });
}
