import { isKeelError, KeelError } from '../core/errors.js';
import type { LockOptions } from '../scheduling/lock/target-lock.js';
import { jsonSyncReporter, textSyncReporter } from './reporter.js';
import { runSync } from './run-sync.js';
import { redactor } from './secrets.js';
import { formatStatus, syncStatus } from './status.js';

export interface SyncCommandArgs {
  projectDir: string;
  target?: string;
  vars?: Record<string, unknown>;
  logFormat: 'text' | 'json';
  select?: string[];
  exclude?: string[];
  dryRun?: boolean;
  full?: boolean;
  lock?: LockOptions;
}

/** `keel sync`: exit 0 when every segment synced and every run was acknowledged, 3 when a build holds the target, else 1. */
export async function syncCommand(args: SyncCommandArgs, out: NodeJS.WritableStream): Promise<number> {
  const reporter = args.logFormat === 'json' ? jsonSyncReporter(out) : textSyncReporter(out);
  try {
    const results = await runSync({ ...args, reporter });
    return results.success ? 0 : 1;
  } catch (e) {
    throw redacted(e);
  }
}

/** `keel sync status`: the history per segment. */
export async function syncStatusCommand(
  args: Pick<SyncCommandArgs, 'projectDir' | 'target' | 'vars' | 'logFormat'>,
  out: NodeJS.WritableStream,
): Promise<number> {
  const statuses = await syncStatus(args);
  if (args.logFormat === 'json') for (const s of statuses) out.write(`${JSON.stringify(s)}\n`);
  else out.write(formatStatus(statuses));
  return 0;
}

/** An error leaving the sync never carries a secret, whatever echoed it. */
function redacted(e: unknown): unknown {
  const redact = redactor(process.env);
  if (isKeelError(e)) {
    const copy = new KeelError(redact(e.message), { location: e.location, hint: e.hint ? redact(e.hint) : undefined });
    // the exit code travels with the error (3: the target is locked)
    return 'exitCode' in e ? Object.assign(copy, { exitCode: e.exitCode }) : copy;
  }
  if (e instanceof Error) {
    const copy = new Error(redact(e.message));
    copy.stack = redact(e.stack ?? '');
    return copy;
  }
  return new Error(redact(String(e)));
}
