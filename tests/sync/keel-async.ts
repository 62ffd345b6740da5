import { spawn } from 'node:child_process';
import { KEEL_BIN, type CliRun } from '../helpers/cli.js';

/**
 * Runs the built CLI without blocking this process: the loopback servers it talks to live here.
 * `code` is null when the process was killed by a signal.
 */
export function keelAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KEEL_BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
