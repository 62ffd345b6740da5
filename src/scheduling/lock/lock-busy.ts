import { KeelError } from '../../core/errors.js';
import type { LockHolder } from '../../engines/engine.js';

/** Exit code of a command that found its target locked by another build (distinct from 1, a node failed). */
export const LOCK_BUSY_EXIT_CODE = 3;

export function describeHolder(h: LockHolder | undefined, now = Date.now()): string {
  if (!h) return 'a keel process that is still writing the lock';
  const age = Math.max(0, Math.round((now - Date.parse(h.startedAt)) / 1000));
  return `keel ${h.command} (invocation ${h.invocationId}, pid ${h.pid} on ${h.host}, started ${h.startedAt}, ${age}s ago)`;
}

/** Another build holds the target's lock and this one did not (or could no longer) wait. */
export class LockBusyError extends KeelError {
  readonly exitCode = LOCK_BUSY_EXIT_CODE;

  constructor(target: string, where: string, holder: LockHolder | undefined, waitedSeconds: number) {
    super(`Target '${target}' is locked by ${describeHolder(holder)}${waitedSeconds > 0 ? `; waited ${waitedSeconds}s` : ''}. Lock: ${where}`, {
      hint: 'Wait for that build to finish, or pass --wait-for-lock SECONDS. A lock left by a killed build is taken over once its process is gone.',
    });
  }
}
