import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Median time from saving a model (`fileOfRun(i)` on run i) to `keel compile --watch` printing that
 * it compiled it: the edit-to-artifact latency an analyst sees in watch mode (the settle delay included).
 */
export async function watchLatency(keel: string, dir: string, fileOfRun: (i: number) => string, runs: number): Promise<number> {
  const child = spawn(process.execPath, [keel, '--project-dir', dir, 'compile', '--watch'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let pending = '';
  let waiting: ((line: string) => void) | undefined;
  child.stdout.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const w = waiting;
      waiting = undefined;
      w?.(line);
    }
  });
  const nextLine = () => new Promise<string>((resolve) => (waiting = resolve));
  try {
    await nextLine();
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const line = nextLine();
      const file = fileOfRun(i);
      const started = performance.now();
      const path = join(dir, file);
      writeFileSync(path, `${readFileSync(path, 'utf8')}\n-- watched edit ${i}`);
      if (!(await line).includes(`(rendered ${file})`)) throw new Error(`keel compile --watch did not render ${file} alone`);
      xs.push((performance.now() - started) / 1000);
    }
    return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  } finally {
    child.kill('SIGINT');
  }
}
