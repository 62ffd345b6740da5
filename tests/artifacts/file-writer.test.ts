import { mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFiles } from '../../src/artifacts/file-writer.js';
import { KeelError } from '../../src/core/errors.js';

const files = (dir: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ path: join(dir, `d${i % 7}`, `f${i}.sql`), text: `select ${i}\n` }));

describe('writing compiled files', () => {
  it.each([10, 2500])('writes every file, in place or on a worker thread (%i files)', (n) => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-files-'));
    const pending = writeFiles(files(dir, n));
    pending.finish();
    const written = readdirSync(dir).flatMap((d) => readdirSync(join(dir, d)));
    expect(written).toHaveLength(n);
    expect(readFileSync(join(dir, 'd3', 'f3.sql'), 'utf8')).toBe('select 3\n');
    expect(readFileSync(join(dir, `d${(n - 1) % 7}`, `f${n - 1}.sql`), 'utf8')).toBe(`select ${n - 1}\n`);
  });

  it.each([10, 2500])('rewrites a file only when its text changed (%i files)', (n) => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-files-'));
    writeFiles(files(dir, n)).finish();
    const same = join(dir, 'd1', 'f1.sql');
    const changed = join(dir, 'd2', 'f2.sql');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(same, old, old);
    utimesSync(changed, old, old);
    writeFiles(files(dir, n).map((f) => (f.path === changed ? { ...f, text: 'select 2.5\n' } : f))).finish();
    expect(statSync(same).mtime).toEqual(old);
    expect(statSync(changed).mtime).not.toEqual(old);
    expect(readFileSync(changed, 'utf8')).toBe('select 2.5\n');
  });

  it.each([10, 2500])('returns the stats of the files written and of the paths asked for (%i files)', (n) => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-files-'));
    const list = files(dir, n);
    const { written, stats } = writeFiles(list, [list[0]!.path, join(dir, 'missing.sql')]).finish();
    const expected = (path: string) => {
      const s = statSync(path);
      return [s.size, s.mtimeMs, s.ctimeMs, s.ino];
    };
    expect(written).toHaveLength(n);
    expect(written[n - 1]).toEqual(expected(list[n - 1]!.path));
    expect(stats).toEqual([expected(list[0]!.path), null]);
  });

  it('reports a file it could not write when the writes finish', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-files-'));
    // a plain file where a folder must go
    writeFileSync(join(dir, 'd5'), 'in the way');
    const pending = writeFiles(files(dir, 2500));
    expect(() => pending.finish()).toThrow(KeelError);
    expect(() => writeFiles(files(dir, 10)).finish()).toThrow(KeelError);
  });
});
