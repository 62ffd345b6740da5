import { KeelError } from '../../core/errors.js';
import { TargetInUseError } from '../target-in-use.js';

const LOCKED = /Could not set lock on file .*?: Conflicting lock is held in (.+?) \(PID (\d+)\)/;
const LOCKED_UNNAMED = /Could not set lock on file/;
const CORRUPT =
  /not a valid DuckDB database file|Could not read enough bytes|[Cc]orrupt|checksum|Invalid Input Error: (The file|Database)|unsupported version|database file with version/;

/** DuckDB's error on opening `path`, as a user-facing error: who holds it, or which file is damaged. */
export function openError(err: unknown, path: string): unknown {
  const message = err instanceof Error ? err.message : String(err);
  const held = LOCKED.exec(message);
  if (held || LOCKED_UNNAMED.test(message)) {
    const holder = held ? `${held[1]} (pid ${held[2]})` : undefined;
    return new TargetInUseError(`The DuckDB database ${path} is open in another program${holder ? `: ${holder}` : ''}`, holder, {
      hint: 'DuckDB lets one process write a database file: close that program, or pass --wait-for-lock SECONDS.',
      cause: err,
    });
  }
  if (CORRUPT.test(message)) {
    return new KeelError(`The DuckDB database ${path} is truncated or corrupt and cannot be opened (${message.replace(/^IO Error: /, '')})`, {
      hint: 'Restore it from a backup, or move it away to build the target again from scratch.',
      cause: err,
    });
  }
  return err;
}
