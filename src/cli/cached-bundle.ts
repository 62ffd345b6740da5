import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';

export interface LoadedBundle<T> {
  exports: T;
  /** whether V8 took the code cache (else it compiled the bundle from source) */
  fromCache: boolean;
  /** After a run of `command` that went well: keeps V8's compiled code for the next run of it, if it had none. */
  saveCache(command: string): void;
}

/** First line of the bundle; src/cli/bundle.ts puts the sha256 of the bundle in place of the zeros. */
export const BUNDLE_HASH_PLACEHOLDER = `// keel-bundle ${'0'.repeat(64)}`;

/** The cache every command starts from when it has none of its own (bundle.ts pre-warms it with --help). */
export const DEFAULT_CACHE = 'keel';
// beyond this many files (other Node versions, flags, bundles), writing a cache drops the others
const MAX_CACHE_FILES = 64;

/**
 * Runs a CommonJS bundle through vm.Script with a V8 code cache, so a start neither parses the
 * bundle nor compiles the functions the previous run of the same command compiled. The cache is
 * kept per command (its run compiles mostly different functions): the first of `candidates`
 * (argv words) that has one, else the default one. A cache is keyed by the bundle's content hash,
 * size and mtime and by V8's version, flags and CPU features (cachedDataVersionTag); anything that
 * goes wrong with it only means running without it.
 */
export function loadBundle<T>(file: string, candidates: readonly string[]): LoadedBundle<T> {
  // ASCII (bundle.ts sets charset), so latin1 is exact and cheaper to decode than UTF-8
  const source = readFileSync(file, 'latin1');
  const hash = bundleHash(source);
  const dir = join(dirname(file), 'v8-cache');
  let key: string | undefined;
  let loaded: string | undefined;
  let cachedData: Buffer | undefined;
  if (hash) {
    const { size, mtimeMs } = statSync(file);
    key = `${hash.slice(0, 16)}-${cachedDataVersionTag().toString(16)}-${size}-${Math.trunc(mtimeMs)}`;
    for (const name of [...candidates.filter(isCacheName), DEFAULT_CACHE]) {
      try {
        cachedData = readFileSync(join(dir, `${key}-${name}.v8`));
        loaded = name;
        break;
      } catch {
        // none for this one
      }
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as T };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    fromCache: cachedData !== undefined && !script.cachedDataRejected,
    saveCache(command) {
      if (!key || !isCacheName(command)) return;
      if (command === loaded && !script.cachedDataRejected) return;
      const path = join(dir, `${key}-${command}.v8`);
      if (command !== loaded && existsSync(path)) return;
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, path);
        prune(dir, key);
      } catch {
        // a read-only install runs without it
        try {
          rmSync(tmp, { force: true });
        } catch {
          // nothing was written
        }
      }
    },
  };
}

function bundleHash(source: string): string | undefined {
  const m = /^\/\/ keel-bundle ([0-9a-f]{64})\n/.exec(source.slice(0, 80));
  return m && !/^0+$/.test(m[1]) ? m[1] : undefined;
}

function isCacheName(word: string): boolean {
  return /^[a-z][a-z0-9-]{0,40}$/.test(word);
}

function prune(dir: string, key: string): void {
  const files = readdirSync(dir);
  if (files.length <= MAX_CACHE_FILES) return;
  for (const f of files) if (!f.startsWith(key)) rmSync(join(dir, f), { force: true });
}
