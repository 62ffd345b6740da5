import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCommand } from '../../src/runner/compile-command.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

describe('compiled SQL files on a warm compile', () => {
  it('are restored when edited or deleted by hand, and left alone when unchanged', () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select id from {{ ref('b') }}",
    });
    const compile = () => compileCommand({ projectDir: p.dir, env: {} });
    compile();
    const file = (m: string) => join(p.dir, 'target/compiled/t/models', `${m}.sql`);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(file('a'), old, old);
    writeFileSync(file('b'), 'select 42 -- edited by hand');
    rmSync(file('c'));
    const { filesWritten } = compile();
    expect(filesWritten).toBe(3);
    expect(statSync(file('a')).mtime).toEqual(old);
    expect(readFileSync(file('b'), 'utf8')).toBe('select * from "main"."a"\n');
    expect(readFileSync(file('c'), 'utf8')).toBe('select id from "main"."b"\n');
  });
});
