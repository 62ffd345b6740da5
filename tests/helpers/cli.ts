import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KEEL_BIN = fileURLToPath(new URL('../../bin/keel.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/, built by `npm test`) as a user would. */
export function keel(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [KEEL_BIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and resolves once its stdout contains `marker`; the caller kills it. */
export function keelUntil(args: string[], cwd: string, marker: string) {
  const child = spawn(process.execPath, [KEEL_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const seen = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`keel exited (${code}) before printing '${marker}': ${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, seen, exited, output: () => out };
}
