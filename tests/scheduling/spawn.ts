import { spawn } from 'node:child_process';
import { KEEL_BIN } from '../helpers/cli.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the built CLI; `until(text)` resolves once stdout or stderr contains text (rejects if it exits first). */
export function startKeel(args: string[], cwd: string) {
  const child = spawn(process.execPath, [KEEL_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    changed();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    changed();
  });
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  let done = false;
  void exited.then(() => {
    done = true;
    changed();
  });
  const until = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text) || stderr.includes(text)) {
          listeners.delete(check);
          resolve();
        } else if (done) {
          listeners.delete(check);
          reject(new Error(`keel ${args.join(' ')} exited before printing '${text}':\n${stdout}\n${stderr}`));
        }
      };
      listeners.add(check);
      check();
    });
  return { child, until, exited, output: () => stdout };
}
