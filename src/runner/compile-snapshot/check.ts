import { checksum } from '../../compiler/parse/checksum.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { argsKey, envValueDigest, fileStat, folderMtime, RACY_MS, sameStat } from './file-stats.js';
import { readSnapshot, type CompileSnapshot, type InputKind, type LoadedSnapshot } from './snapshot.js';

export interface SnapshotOptions {
  projectDir: string;
  target?: string;
  vars?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** a long-lived process (--watch): keep the parsed snapshot for the next compiles */
  keepSnapshot?: boolean;
}

export interface ChangedModel {
  /** a model's SQL, or a property file whose models' entries are to be redone */
  kind: Exclude<InputKind, 'other'>;
  file: string;
  text: string;
  checksum: string;
  /** a model file the last compile did not find */
  added?: boolean;
}

/** The last compile's snapshot, still valid except for the model files listed as changed. */
export interface SnapshotCheck {
  root: string;
  targetPath: string;
  snapshot: CompileSnapshot;
  loaded: LoadedSnapshot;
  changed: ChangedModel[];
  /** model files read again because their stat moved or was recent, found unchanged: their stat is to be recorded again */
  verified: string[];
  /** folders whose mtime moved while the files found in them did not → their mtime now */
  folders: Record<string, number>;
  /** when this check started (ms): what a snapshot written after it counts from */
  startedAt: number;
}

// `target-path: x` on a line of its own; the snapshot found must have been written for this very project.yml
const TARGET_PATH = /^target-path:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"][^#\n]*?))[ \t]*(?:#.*)?$/m;

/**
 * Tells from stats whether the last full compile's outputs still hold, but for edited models,
 * property files and macros (a file whose stat moved or is recent is compared by its text's
 * checksum). Anything else that changed (project.yml, args, an env var a template read, a seed, a
 * singular test, a project file added or removed, manifest.json or a compiled file written by
 * something else) gives undefined: compile in full. Whether the edits themselves can be compiled
 * from the snapshot is the compile's to tell.
 */
export function checkSnapshot(opts: SnapshotOptions): SnapshotCheck | undefined {
  const startedAt = Date.now();
  const root = resolve(opts.projectDir);
  let projectText: string;
  try {
    projectText = readFileSync(join(root, 'project.yml'), 'utf8');
  } catch {
    return undefined;
  }
  const m = TARGET_PATH.exec(projectText);
  const targetPath = join(root, m ? (m[1] ?? m[2] ?? m[3] ?? 'target') : 'target');
  const loaded = readSnapshot(targetPath, opts.keepSnapshot);
  if (!loaded) return undefined;
  const { snapshot } = loaded;
  if (snapshot.projectYml !== checksum(projectText)) return undefined;
  if (snapshot.args !== argsKey(opts)) return undefined;
  const env = opts.env ?? process.env;
  for (const [name, digest] of Object.entries(snapshot.env)) if (envValueDigest(name, env[name]) !== digest) return undefined;
  if (!sameStat(snapshot.manifest, fileStat(join(targetPath, 'manifest.json')))) return undefined;

  const trusted = snapshot.startedAt - RACY_MS;
  const folders: Record<string, number> = {};
  const changed: ChangedModel[] = [];
  let listed: Map<string, Set<string>> | undefined;
  for (const folder in snapshot.folders) {
    const mtime = snapshot.folders[folder]!;
    const now = folderMtime(join(root, folder));
    if (now === mtime && mtime < trusted) continue;
    // editors that save through a temporary file and a rename touch the folder: list it again
    listed ??= knownEntries(snapshot);
    const added = now === -1 ? undefined : addedEntries(join(root, folder), listed.get(folder) ?? new Set());
    if (!added) return undefined;
    for (const name of added) {
      const file = `${folder}/${name}`;
      if (!isModelFile(file, snapshot.paths)) return undefined;
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        return undefined;
      }
      changed.push({ kind: 'model', file, text, checksum: checksum(text), added: true });
    }
    folders[folder] = now;
  }
  // tens of thousands of entries: for-in and concatenation, not entries() and join()
  for (const file in snapshot.outputs) if (!sameStat(snapshot.outputs[file]!, fileStat(`${targetPath}/${file}`))) return undefined;
  const verified: string[] = [];
  for (const file in snapshot.inputs) {
    const entry = snapshot.inputs[file]!;
    const path = `${root}/${file}`;
    if (sameStat(entry, fileStat(path)) && entry[1] < trusted) continue;
    const [, , , , compiled, kind] = entry;
    if (compiled === null) return undefined;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    const now = checksum(text);
    if (now === compiled) verified.push(file);
    else if (kind === 'other') return undefined;
    else changed.push({ kind, file, text, checksum: now });
  }
  return { root, targetPath, snapshot, loaded, changed, verified, folders, startedAt };
}

// what discovery looks at: any other file (temporary, backup, hidden) does not change the project
const PROJECT_FILE = /\.(sql|ya?ml|csv)$/;

/** Folder → the files and folders the last compile found in it. */
function knownEntries(snapshot: CompileSnapshot): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (path: string) => {
    const at = path.lastIndexOf('/');
    if (at < 0) return;
    const folder = path.slice(0, at);
    let names = out.get(folder);
    if (!names) out.set(folder, (names = new Set()));
    names.add(path.slice(at + 1));
  };
  for (const file in snapshot.inputs) add(file);
  for (const folder in snapshot.folders) if (snapshot.folders[folder] !== -1) add(folder);
  return out;
}

/**
 * The files in `path` that the last compile did not find, when that is all that changed: none
 * removed, no folder added (a symlink counts as one) and only files a model could be. Else undefined.
 */
function addedEntries(path: string, known: Set<string>): string[] | undefined {
  let found = 0;
  const added: string[] = [];
  try {
    for (const e of readdirSync(path, { withFileTypes: true })) {
      if (e.name.startsWith('.') || (!PROJECT_FILE.test(e.name) && !e.isDirectory() && !e.isSymbolicLink())) continue;
      if (known.has(e.name)) found++;
      else if (e.isFile() && e.name.endsWith('.sql')) added.push(e.name);
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return found === known.size ? added.sort() : undefined;
}

/** Below a model path and no other path keel finds .sql files in (a macro or a singular test would be compiled in full). */
function isModelFile(file: string, paths: CompileSnapshot['paths']): boolean {
  const base = (dir: string) => dir.replace(/^\.\//, '').replace(/\/+$/, '');
  // a path of the root, or outside it, is not worth the doubt: compile in full
  const plain = (b: string) => b !== '' && b !== '.' && !b.startsWith('..');
  const below = (b: string) => plain(b) && file.startsWith(`${b}/`);
  return paths.models.map(base).some(below) && paths.others.map(base).every((b) => plain(b) && !below(b));
}
