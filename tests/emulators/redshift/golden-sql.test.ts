import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rewriteStatement } from './sql/statement.js';

const GOLDEN = fileURLToPath(new URL('../../golden/', import.meta.url));
const files = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((f) => f.endsWith('.redshift.sql')) : [];

/** The analytics kinds' Redshift SQL (golden files) uses nothing Redshift lacks, and the emulator can run every statement of it. */
describe.skipIf(!files.length)('golden Redshift SQL of the analytics kinds', () => {
  it.each(files)('%s', (file) => {
    const statements = readFileSync(GOLDEN + file, 'utf8')
      .split(/;\n/)
      .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
      .filter(Boolean);
    expect(statements.length).toBeGreaterThan(0);
    for (const sql of statements) expect(() => rewriteStatement(sql), sql.slice(0, 200)).not.toThrow();
  });
});
