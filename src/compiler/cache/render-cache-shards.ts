import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * The render cache on disk, in 16 files by model path: a compile that re-renders one model
 * rewrites one small file instead of serializing every model's render again (16 MB at 10,000).
 */
const SHARDS = 16;

interface ShardFile<T> {
  version: number;
  globalKey: string;
  renders: Map<string, T>;
}

export function shardOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return (h >>> 0) % SHARDS;
}

const shardPath = (dir: string, shard: number) => join(dir, `${shard.toString(16).padStart(2, '0')}.v8`);

/**
 * Shards as last read or written by this process, by path, with the file's stat then: a
 * long-lived process (`keel compile --watch`) deserializes a shard again only once another
 * compile replaced it. Shards are only ever replaced by a rename (a new inode), and the maps
 * kept here are never changed (loads copy their entries).
 */
const inMemory = new Map<string, { stat: string; file: ShardFile<unknown> }>();

function statKey(path: string): string | undefined {
  const s = statSync(path, { throwIfNoEntry: false, bigint: true });
  return s && `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** The shard at `path`; undefined when missing. Stat first: a file replaced after it is read again next time. */
function readShard<T>(path: string): ShardFile<T> | undefined {
  const stat = statKey(path);
  if (stat === undefined) return undefined;
  const kept = inMemory.get(path);
  if (kept?.stat === stat) return kept.file as ShardFile<T>;
  const file = deserialize(readFileSync(path)) as ShardFile<T>;
  inMemory.set(path, { stat, file });
  return file;
}

/** Every entry of the shards written with this version and key; `counts` says how many each held. */
export function loadShards<T>(dir: string, version: number, globalKey: string): { renders: Map<string, T>; counts: number[] } {
  const renders = new Map<string, T>();
  const counts = new Array<number>(SHARDS).fill(0);
  for (let s = 0; s < SHARDS; s++) {
    try {
      const file = readShard<T>(shardPath(dir, s));
      if (!file) continue;
      if (file.version !== version || file.globalKey !== globalKey) {
        // written for another target, project or keel: replaced (or removed) on save
        counts[s] = -1;
        continue;
      }
      for (const [k, v] of file.renders) renders.set(k, v);
      counts[s] = file.renders.size;
    } catch {
      // missing or unreadable: that shard starts empty
    }
  }
  return { renders, counts };
}

/**
 * Writes the shards whose content changed: one with a new entry (`dirty`) or that loses one
 * (its entry count differs: a deleted model, or a cache written under another key).
 */
export function saveShards<T>(dir: string, version: number, globalKey: string, used: Map<string, T>, counts: number[], dirty: Set<number>): void {
  const byShard = Array.from({ length: SHARDS }, () => new Map<string, T>());
  for (const [k, v] of used) byShard[shardOf(k)]!.set(k, v);
  mkdirSync(dir, { recursive: true });
  for (let s = 0; s < SHARDS; s++) {
    const renders = byShard[s]!;
    if (!dirty.has(s) && renders.size === counts[s]) continue;
    const path = shardPath(dir, s);
    if (renders.size === 0) {
      rmSync(path, { force: true });
      inMemory.delete(path);
      continue;
    }
    const tmp = `${path}.${process.pid}.tmp`;
    const file: ShardFile<T> = { version, globalKey, renders };
    writeFileSync(tmp, serialize(file));
    const stat = statKey(tmp);
    renameSync(tmp, path);
    if (stat === undefined) inMemory.delete(path);
    else inMemory.set(path, { stat, file });
  }
}

/** Drops the shards kept in memory: the next load reads them from disk, as a new process does (for tests). */
export function forgetShardsInMemory(): void {
  inMemory.clear();
}
