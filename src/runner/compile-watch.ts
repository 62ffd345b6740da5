import { readdirSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { isKeelError } from '../core/errors.js';
import { loadProjectSettings, projectFolderRoots } from '../project/load.js';
import { compileCommand, newCompileMemo, type CompileResult } from './compile-command.js';

type WatchOptions = Parameters<typeof compileCommand>[0];

export interface WatchIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

// editors write a file in several steps; one compile after the last of them
const SETTLE_MS = 15;

// a first compile renders every model: naming them all would fill the terminal
const NAMED_UP_TO = 5;

function describe(r: CompileResult, ms: number): string {
  const n = r.rendered.length;
  const how = n === 0 ? 'no model rendered again' : n <= NAMED_UP_TO ? `rendered ${r.rendered.join(', ')}` : `rendered ${n} models`;
  return `Compiled ${r.filesWritten} node${r.filesWritten === 1 ? '' : 's'} to ${r.targetPath}/compiled in ${Math.round(ms)} ms (${how})\n`;
}

/** The folders project.yml names for models, macros, seeds and tests; `known` while it does not load. */
function projectFolders(opts: WatchOptions, known: string[]): string[] {
  try {
    return projectFolderRoots(loadProjectSettings(opts.projectDir, opts).file);
  } catch {
    return known;
  }
}

/** `folder` and the folders below it that are not hidden, as absolute paths. */
function foldersBelow(folder: string, out: string[] = []): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return out;
  }
  out.push(folder);
  for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) foldersBelow(join(folder, e.name), out);
  return out;
}

/**
 * `keel compile --watch`: compiles, then again after every change under the project's folders or to
 * project.yml, until `signal` aborts. Each compile is a whole `keel compile`, without starting a
 * process; the caches it reuses stay in memory between them. A compile that fails prints its error and waits for
 * the next change. Every folder gets a watcher of its own, set up before the compile that follows
 * (Node's recursive watching on Linux sets itself up asynchronously and can miss a quick edit).
 */
export function watchCompile(opts: WatchOptions, io: WatchIo, signal: AbortSignal): Promise<void> {
  const { root } = loadProjectSettings(opts.projectDir, opts);
  let roots = projectFolders(opts, []);
  const watchers = new Map<string, FSWatcher>();
  const memo = newCompileMemo();
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(compile, SETTLE_MS);
  };
  const add = (path: string, accept: (name: string) => boolean) => {
    if (watchers.has(path)) return;
    try {
      watchers.set(
        path,
        watch(path, (_event, name) => (name === null || accept(String(name)) ? changed() : undefined)),
      );
    } catch {
      // gone already: its parent's watcher saw that
    }
  };
  const watchFolders = () => {
    // project.yml may have moved the folders since
    roots = projectFolders(opts, roots);
    const now = new Set(roots.flatMap((r) => foldersBelow(join(root, r))));
    for (const [path, w] of watchers) {
      if (path === root || now.has(path)) continue;
      w.close();
      watchers.delete(path);
    }
    for (const path of now) add(path, (name) => !name.startsWith('.'));
  };
  function compile() {
    watchFolders();
    const started = performance.now();
    try {
      const r = compileCommand({ ...opts, memo });
      for (const w of r.warnings) io.err.write(`Warning: ${w}\n`);
      io.out.write(describe(r, performance.now() - started));
    } catch (err) {
      io.err.write(`Error: ${isKeelError(err) ? err.format() : err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  // at the top, only project.yml and the project's folders (created or removed)
  add(root, (name) => name === 'project.yml' || roots.some((r) => r === name || r.startsWith(`${name}/`)));
  compile();
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      resolve();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
