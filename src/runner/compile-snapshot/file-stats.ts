import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { BUILD_ID } from '../../core/build-id.js';
import type { FileStat } from './snapshot.js';

/**
 * File timestamps come from a coarse clock: a file changed within this long before a compile
 * started may carry the same stat as the version it read. Such files are compared by content.
 */
export const RACY_MS = 1000;

export function fileStat(path: string): FileStat | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : undefined;
}

export const sameStat = (a: readonly unknown[], b: FileStat | undefined): boolean =>
  b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/** A folder's mtime changes when an entry is added, removed or renamed in it; -1 when it does not exist. */
export function folderMtime(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

// the name goes in, so two variables holding one secret do not show as equal digests
export const envValueDigest = (name: string, value: string | undefined): string =>
  createHash('sha256').update(value === undefined ? `${name} unset` : `${name}=${value}`).digest('hex').slice(0, 32);

/** The environment, noting each variable read (templates read them through env_var, macros too). */
export function recordingReads(env: NodeJS.ProcessEnv, read: Set<string>): NodeJS.ProcessEnv {
  return new Proxy(env, {
    get(target, name, receiver) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver);
    },
  });
}

/** What else a compile's result depends on: keel's own build, --target and --vars. */
export const argsKey = (opts: { target?: string; vars?: Record<string, unknown> }): string => JSON.stringify([BUILD_ID, opts.target ?? null, opts.vars ?? null]);
