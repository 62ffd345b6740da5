import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { BUILD_ID } from '../../core/build-id.js';
import type { ParsedPropertiesCache } from '../../project/load.js';
import type { PropertiesFile } from '../../project/schema.js';

interface Stored {
  /** keel's build: another build may parse or validate differently */
  build: string;
  /** property file → checksum of its text and that text validated */
  files: Map<string, { checksum: string; data: PropertiesFile }>;
}

// the file's bytes as last read or written by this process, with its stat then: a long-lived
// process (`keel compile --watch`) reads it again only once another compile replaced it (always by
// a rename). Kept serialized: each load deserializes its own copy, so nothing a compile changes in
// a parsed file can reach the next one.
let kept: { path: string; stat: string; bytes: Buffer } | undefined;

function statKey(path: string): string | undefined {
  const s = statSync(path, { throwIfNoEntry: false, bigint: true });
  return s && `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

function readStored(path: string): Stored | undefined {
  try {
    const stat = statKey(path);
    if (stat === undefined) return undefined;
    if (kept?.path !== path || kept.stat !== stat) kept = { path, stat, bytes: readFileSync(path) };
    const stored = deserialize(kept.bytes) as Stored;
    return stored.build === BUILD_ID ? stored : undefined;
  } catch {
    // unreadable: parsed anew, and replaced on save
    return undefined;
  }
}

/**
 * Property YAML files as validated by the last compile, in target/.keel/properties.v8: a file
 * whose text is unchanged (same checksum) is not parsed or validated again. Only the files used
 * this time are saved, so removed ones do not linger; nothing is written when none changed.
 * Saved right after the project is loaded, before anything can change what was parsed.
 */
export class PropertiesCache implements ParsedPropertiesCache {
  private readonly used = new Map<string, { checksum: string; data: PropertiesFile }>();
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly loaded: Stored['files'],
  ) {}

  /** `targetPath`: the project's target/ */
  static load(targetPath: string): PropertiesCache {
    const path = join(targetPath, '.keel', 'properties.v8');
    return new PropertiesCache(path, readStored(path)?.files ?? new Map());
  }

  get(file: string, checksum: string): PropertiesFile | undefined {
    const e = this.loaded.get(file);
    if (e?.checksum !== checksum) return undefined;
    this.used.set(file, e);
    return e.data;
  }

  set(file: string, checksum: string, data: PropertiesFile): void {
    this.used.set(file, { checksum, data });
    this.changed = true;
  }

  save(): void {
    if (!this.changed && this.used.size === this.loaded.size) return;
    const bytes = serialize({ build: BUILD_ID, files: this.used } satisfies Stored);
    mkdirSync(join(this.path, '..'), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    const stat = statKey(tmp);
    renameSync(tmp, this.path);
    kept = stat === undefined ? undefined : { path: this.path, stat, bytes };
  }
}

/** Drops the file kept in memory: the next load reads it from disk, as a new process does (for tests). */
export function forgetPropertiesInMemory(): void {
  kept = undefined;
}
