import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeelError } from '../../core/errors.js';
import { prepareDatabaseFolder } from '../../engines/duckdb/database-folder.js';
import type { Engine, LockAttempt, LockHolder } from '../../engines/engine.js';
import type { Project } from '../../project/project.js';
import { LockBusyError } from './lock-busy.js';
import { LockFile } from './lock-file.js';

/** A build that runs longer than this on another host (or whose pid was reused) is presumed killed. */
export const DEFAULT_LOCK_MAX_AGE_SECONDS = 24 * 3600;
const POLL_MS = 250;

export interface LockOptions {
  /** how long to wait for another build to finish (default 0: fail at once) */
  waitSeconds?: number;
  maxAgeSeconds?: number;
}

/** How one target is locked: a file beside an embedded database, the engine's own mechanism for a warehouse that has one. */
export interface TargetLockProvider {
  /** where the lock is, for messages */
  where: string;
  /** a DuckDB lock must be held before the database is opened; an engine's lock needs the engine open */
  needsOpenEngine: boolean;
  tryAcquire(holder: LockHolder): Promise<LockAttempt>;
}

/** undefined: nothing to lock (an in-memory database), or the engine offers no lock (the caller warns). */
export function lockProviderFor(project: Project, engine: Engine, maxAgeSeconds = DEFAULT_LOCK_MAX_AGE_SECONDS): TargetLockProvider | undefined {
  const target = project.target;
  const path = engine.definition.lockFile(target, project.root);
  if (path !== undefined) {
    const file = new LockFile(path, maxAgeSeconds * 1000);
    return {
      where: file.path,
      needsOpenEngine: false,
      tryAcquire: async (holder) => {
        prepareDatabaseFolder(dirname(file.path), engine.definition.databaseFile(target, project.root) ?? file.path, `Target '${project.targetName}'`);
        return file.tryAcquire(holder);
      },
    };
  }
  const own = engine.tryAcquireLock?.bind(engine);
  if (!own) return undefined;
  return { where: `the ${target.type} target's lock`, needsOpenEngine: true, tryAcquire: (holder) => own(holder, { maxAgeSeconds }) };
}

/** Takes the lock, polling up to `waitSeconds`; returns its release. */
export async function acquireTargetLock(
  provider: TargetLockProvider,
  holder: LockHolder,
  target: string,
  opts: { waitSeconds?: number; signal?: AbortSignal; onWait?: (holder: LockHolder | undefined) => void },
): Promise<() => Promise<void>> {
  const waitMs = Math.max(0, (opts.waitSeconds ?? 0) * 1000);
  const started = Date.now();
  let announced = false;
  for (;;) {
    const attempt = await provider.tryAcquire(holder);
    if (attempt.acquired) return attempt.release;
    const left = started + waitMs - Date.now();
    if (left <= 0) throw new LockBusyError(target, provider.where, attempt.holder, opts.waitSeconds ?? 0);
    if (!announced) opts.onWait?.(attempt.holder);
    announced = true;
    try {
      await sleep(Math.min(POLL_MS, left), undefined, { signal: opts.signal });
    } catch {
      throw new KeelError(`Cancelled while waiting for the lock on target '${target}'`);
    }
  }
}
