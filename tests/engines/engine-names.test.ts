import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_TYPES } from '../../src/engines/engine-type.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const ENGINES = join(SRC, 'engines');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === ENGINES ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const names = ENGINE_TYPES.join('|');
const q = `['"\`]`;
/** An engine's name tested: compared with ===/!==/==/!=, a `case`, or looked for in a list of names. */
const ENGINE_NAME_TEST = new RegExp(
  [
    `(?:===|!==|==|!=)\\s*${q}(?:${names})${q}`,
    `${q}(?:${names})${q}\\s*(?:===|!==|==|!=)`,
    `\\bcase\\s+${q}(?:${names})${q}`,
    `\\[[^\\]]*${q}(?:${names})${q}[^\\]]*\\]\\s*\\.\\s*includes\\s*\\(`,
  ].join('|'),
);

/** Lines outside src/engines/ that test an engine's name. */
function engineNameTests(files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (ENGINE_NAME_TEST.test(line) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('engine names', () => {
  it('are compared only inside src/engines/: elsewhere code asks the engine for a capability', () => {
    expect(engineNameTests(sourceFiles(SRC))).toEqual([]);
  });

  it('the check finds the forms it is meant to', () => {
    for (const line of [
      "if (target.type === 'duckdb') {",
      'if (engine.type !== "redshift") return;',
      "    case 'athena':",
      "const x = 'duckdb' == t.type;",
      "if (['athena', 'redshift'].includes(engine.type)) {",
    ]) {
      expect(ENGINE_NAME_TEST.test(line), line).toBe(true);
    }
    for (const line of ['const d = { duckdb: 1 };', "type: z.literal('duckdb'),", "analyticsDialectFor({ type: 'duckdb' })"]) {
      expect(ENGINE_NAME_TEST.test(line), line).toBe(false);
    }
  });
});
