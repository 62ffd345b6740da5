import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockAttempt, LockHolder } from '../../engines/engine.js';
import { isProcessAlive } from './process-alive.js';

/** A lock file with no readable holder yet is being written; after this long its writer died. */
const UNREADABLE_GRACE_MS = 30_000;

/** Locks held by this process, released synchronously if it exits without releasing them. */
const held = new Map<string, string>();
const releaseAtExit = () => releaseHeldLockFilesSync();

/**
 * A build lock as a file beside a DuckDB database: created with O_EXCL, so of two builds
 * exactly one creates it. A lock whose process is gone (same host) or that is older than the
 * maximum age is stale and taken over; a second file serialises takeovers, so two builds
 * that both find the same stale lock cannot both remove it and each think it is theirs.
 */
export class LockFile {
  constructor(
    readonly path: string,
    private readonly maxAgeMs: number,
  ) {}

  tryAcquire(holder: LockHolder): LockAttempt {
    // a few rounds: a stale lock removed, or a holder gone between two reads
    for (let round = 0; round < 3; round++) {
      if (this.create(holder)) {
        if (held.size === 0) process.on('exit', releaseAtExit);
        held.set(this.path, holder.invocationId);
        return { acquired: true, release: async () => this.release(holder.invocationId) };
      }
      const found = this.read();
      if (found === 'gone') continue;
      if (!this.isStale(found)) return { acquired: false, holder: found.holder };
      this.takeOver(found);
    }
    const found = this.read();
    return { acquired: false, holder: found === 'gone' ? undefined : found.holder };
  }

  private create(holder: LockHolder): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      writeSync(fd, `${JSON.stringify(toFile(holder))}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  }

  private read(path = this.path): { holder?: LockHolder; mtimeMs: number } | 'gone' {
    try {
      const mtimeMs = statSync(path).mtimeMs;
      return { holder: fromFile(readFileSync(path, 'utf8')), mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw err;
    }
  }

  private isStale(found: { holder?: LockHolder; mtimeMs: number }): boolean {
    const { holder } = found;
    if (!holder) return Date.now() - found.mtimeMs > UNREADABLE_GRACE_MS;
    if (Date.now() - Date.parse(holder.startedAt) > this.maxAgeMs) return true;
    return holder.host === hostname() && !isProcessAlive(holder.pid);
  }

  /** Removes the lock only if it is still the stale one we judged, under the takeover guard. */
  private takeOver(stale: { holder?: LockHolder; mtimeMs: number }): void {
    const guard = `${this.path}.takeover`;
    let fd: number;
    try {
      fd = openSync(guard, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // another process is taking over; a guard this old was left by one that died doing it
      const g = this.read(guard);
      if (g !== 'gone' && Date.now() - g.mtimeMs > UNREADABLE_GRACE_MS) unlinkIfExists(guard);
      return;
    }
    try {
      const now = this.read();
      const same = now !== 'gone' && (stale.holder ? now.holder?.invocationId === stale.holder.invocationId : !now.holder && now.mtimeMs === stale.mtimeMs);
      if (same) unlinkIfExists(this.path);
    } finally {
      closeSync(fd);
      unlinkIfExists(guard);
    }
  }

  private release(invocationId: string): void {
    held.delete(this.path);
    if (held.size === 0) process.off('exit', releaseAtExit);
    releaseFileSync(this.path, invocationId);
  }
}

/** Who holds the lock file at `path`, if anyone readable does. */
export function readLockFile(path: string): LockHolder | undefined {
  try {
    return fromFile(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** For a forced exit (a second Ctrl-C): drops every lock file this process holds. */
export function releaseHeldLockFilesSync(): void {
  for (const [path, invocationId] of held) releaseFileSync(path, invocationId);
  held.clear();
}

/** Only our own lock: if a takeover judged us stale, the file is someone else's now. */
function releaseFileSync(path: string, invocationId: string): void {
  try {
    if (fromFile(readFileSync(path, 'utf8'))?.invocationId === invocationId) unlinkIfExists(path);
  } catch {
    // gone: nothing of ours to remove
  }
}

/** The file's format: snake_case, as keel's other artifacts, for people and scripts that read it. */
export function toFile(h: LockHolder): Record<string, unknown> {
  return { pid: h.pid, host: h.host, invocation_id: h.invocationId, command: h.command, started_at: h.startedAt };
}

/** undefined while the file is empty or half written */
function fromFile(text: string): LockHolder | undefined {
  try {
    const f = JSON.parse(text) as Record<string, unknown>;
    if (typeof f.invocation_id !== 'string' || typeof f.started_at !== 'string') return undefined;
    return { pid: Number(f.pid), host: String(f.host), invocationId: f.invocation_id, command: String(f.command), startedAt: f.started_at };
  } catch {
    return undefined;
  }
}

function unlinkIfExists(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
