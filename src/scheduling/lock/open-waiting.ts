import { setTimeout as sleep } from 'node:timers/promises';
import { KeelError } from '../../core/errors.js';
import type { Engine } from '../../engines/engine.js';
import { isTargetInUse, TargetInUseError } from '../../engines/target-in-use.js';

const POLL_MS = 250;

/**
 * Opens the engine; while its database is held by another program (not a keel build: that one
 * holds keel's lock), tries again until `waitSeconds` have passed, as --wait-for-lock promises.
 */
export async function openWaitingForTarget(
  engine: Engine,
  opts: { target: string; waitSeconds?: number; signal?: AbortSignal; onWait?: (holder: string | undefined) => void },
): Promise<void> {
  const waitMs = Math.max(0, (opts.waitSeconds ?? 0) * 1000);
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      await engine.open();
      return;
    } catch (err) {
      if (!isTargetInUse(err)) throw err;
      const left = started + waitMs - Date.now();
      if (left <= 0) {
        if (waitMs === 0) throw err;
        throw new TargetInUseError(`${err.message}; waited ${opts.waitSeconds}s`, err.holder, { hint: err.hint, cause: err });
      }
      if (!announced) opts.onWait?.(err.holder);
      announced = true;
      try {
        await sleep(Math.min(POLL_MS, left), undefined, { signal: opts.signal });
      } catch {
        throw new KeelError(`Cancelled while waiting for target '${opts.target}' to be free`);
      }
    }
  }
}
