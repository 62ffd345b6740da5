import { mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFiles } from '../../src/artifacts/file-writer.js';
import { KeelError } from '../../src/core/errors.js';

const files = (dir: string, n: number) => Array.from({ length: n }, (_, i) => ({ path: join(dir, `d${i % 7}`, `f${i}.sql`), text: `select ${i}\n` }));

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
    const list = files(dir, n).map((f) => (f.path === changed ? { ...f, text: 'select 2.5\n' } : f));
    const written = writeFiles(list).finish().changed;
    expect(list.filter((_, i) => written[i]).map((f) => f.path)).toEqual([changed]);
    expect(statSync(same).mtime).toEqual(old);
    expect(statSync(changed).mtime).not.toEqual(old);
    expect(readFileSync(changed, 'utf8')).toBe('select 2.5\n');
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
