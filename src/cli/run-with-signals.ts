import { isKeelError } from '../core/errors.js';
import type { Io } from './common.js';
import { cancelOnSignals } from './signals.js';

/**
 * Runs a command that holds the target: SIGINT/SIGTERM cancel it, and the exit code is then
 * 130/143 whatever the command returned (a scheduler must tell "killed" from "failed").
 */
export async function runWithSignals(io: Io, work: (signal: AbortSignal) => Promise<number>): Promise<void> {
  const signals = cancelOnSignals();
  try {
    const code = await work(signals.signal);
    io.exit(signals.exitCode() ?? code);
  } catch (err) {
    const code = signals.exitCode();
    if (code === undefined || !isKeelError(err)) throw err;
    io.err.write(`Error: ${err.format()}\n`);
    io.exit(code);
  } finally {
    signals.dispose();
  }
}
