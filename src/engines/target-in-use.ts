import { KeelError } from '../core/errors.js';

/**
 * The target's database is held by another program (a DuckDB file open elsewhere): a lock, so
 * exit 3 as keel's own busy lock (scheduling/lock/lock-busy.ts), and --wait-for-lock waits for it.
 */
export class TargetInUseError extends KeelError {
  readonly exitCode = 3;

  constructor(
    message: string,
    /** who holds it, as the engine reported it */
    readonly holder: string | undefined,
    opts: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, opts);
  }
}

export function isTargetInUse(err: unknown): err is TargetInUseError {
  return err instanceof TargetInUseError;
}
