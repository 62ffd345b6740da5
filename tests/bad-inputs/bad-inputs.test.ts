import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEEL_BIN } from '../helpers/cli.js';
import { PROJECT_YML, type BadInput } from './case.js';
import { OTHER_CASES } from './cases-other.js';
import { PARSE_CASES } from './cases-parse.js';

/**
 * The bad-input corpus: each case is a small project and a command line, run by the built CLI as a
 * user runs it; keel must exit with the code given, say what is wrong, name the file (and line),
 * and print no stack trace (no `    at ` line) without --debug. Cases run concurrently, each in its
 * own process and folder.
 */
const CASES: BadInput[] = [...PARSE_CASES, ...OTHER_CASES];
// KEEL_BAD_INPUTS_BIN runs the corpus against another build (e.g. main's, to count what it misses)
const BIN = process.env.KEEL_BAD_INPUTS_BIN ?? KEEL_BIN;

interface Outcome {
  code: number | null;
  output: string;
}

function writeProject(c: BadInput): string {
  const dir = mkdtempSync(join(tmpdir(), 'keel-bad-'));
  const files = { 'project.yml': PROJECT_YML, ...c.files };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  for (const [link, to] of c.links ?? []) {
    mkdirSync(dirname(join(dir, link)), { recursive: true });
    symlinkSync(to, join(dir, link));
  }
  return dir;
}

function runKeel(c: BadInput): Promise<Outcome> {
  const dir = writeProject(c);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...(c.args ?? ['compile'])], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs every case, a few processes at a time (each is a whole CLI start). */
function runAll(cases: BadInput[]): Map<BadInput, Promise<Outcome>> {
  const out = new Map<BadInput, Promise<Outcome>>();
  const width = Math.max(2, Math.min(6, availableParallelism()));
  const waiting: Array<() => void> = [];
  let running = 0;
  const slot = () =>
    new Promise<void>((resolve) => {
      if (running < width) {
        running++;
        resolve();
      } else
        waiting.push(() => {
          running++;
          resolve();
        });
    });
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  for (const c of cases) {
    out.set(
      c,
      slot().then(() => runKeel(c).finally(release)),
    );
  }
  return out;
}

describe('bad inputs are refused clearly', () => {
  const outcomes = runAll(CASES);
  for (const c of CASES) {
    it(`${c.class}: ${c.name}`, async () => {
      const { code, output } = await outcomes.get(c)!;
      expect(output, 'the message').toMatch(c.message);
      expect(code, output).toBe(c.code ?? 2);
      if (c.file) expect(output, 'names the file').toContain(c.line ? `${c.file}:${c.line}` : c.file);
      expect(output, 'no stack trace without --debug').not.toMatch(/^\s+at /m);
      expect(output).not.toMatch(/run with --debug for the stack trace/);
    }, 60_000);
  }
});
