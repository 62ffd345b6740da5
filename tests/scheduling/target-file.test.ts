import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEEL_BIN, keel } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';
import { startKeel } from './spawn.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NO_STACK = /\n\s+at |--debug for the stack/;

/** A second program with the DuckDB file open (as a notebook or a BI tool would), until killed. */
async function holdDuckDB(path: string) {
  const code = `import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(${JSON.stringify(path)});
const c = await i.connect();
await c.run('create table if not exists held as select 1 as x');
console.log('HOLDING');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('HOLDING') && resolve());
    child.on('exit', (c) => reject(new Error(`the holder exited (${c})`)));
  });
  return child;
}

const withPath = (path: string) => MINIMAL_PROJECT_YML.replace('path: target/t.duckdb', `path: ${path}`);
/** with a deadline: on a pseudo-filesystem keel used to spin forever, deaf to SIGTERM */
const keelWithin = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [KEEL_BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });

describe('a DuckDB file held by another program', () => {
  it('is a busy lock: exit 3 naming the holder; --wait-for-lock waits until it lets go', async () => {
    const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, 'models/a.sql': "{{ config(materialized='table') }}select 1 as id" });
    const db = join(p.dir, 'target/t.duckdb');
    mkdirSync(join(p.dir, 'target'));
    const holder = await holdDuckDB(db);
    try {
      const r = keel(['run'], p.dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`The DuckDB database ${db} is open in another program`);
      expect(r.stderr).toContain(`(pid ${holder.pid})`);
      expect(r.stderr).not.toMatch(NO_STACK);

      const waiting = startKeel(['run', '--wait-for-lock', '60'], p.dir);
      await waiting.until('Waiting up to 60s');
      holder.kill('SIGTERM');
      const exit = await waiting.exited;
      expect(exit.code, exit.stdout + exit.stderr).toBe(0);
    } finally {
      holder.kill('SIGKILL');
    }
    expect(await queryDuckDB(db, 'select id from main.a')).toEqual([{ id: 1 }]);
    // the holder's own table is intact
    expect(await queryDuckDB(db, 'select x from main.held')).toEqual([{ x: 1 }]);
  });

  it('--wait-for-lock gives up after its timeout with exit 3', async () => {
    const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, 'models/a.sql': 'select 1 as id' });
    mkdirSync(join(p.dir, 'target'));
    const holder = await holdDuckDB(join(p.dir, 'target/t.duckdb'));
    try {
      const r = keel(['run', '--wait-for-lock', '1'], p.dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/open in another program.*waited 1s/);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('a target path keel cannot use', () => {
  for (const path of ['/proc/self/keel/t.duckdb', '/proc/t.duckdb', '/sys/kernel/keel/t.duckdb']) {
    it(`under a pseudo-filesystem (${path}): exit 2 naming the target and the path`, () => {
      const p = tempProject({ 'project.yml': withPath(path), 'models/a.sql': 'select 1 as id' });
      const r = keelWithin(['run'], p.dir);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`Target 'dev': the database path ${path} is under /`);
      expect(r.stderr).toContain('pseudo-filesystem');
      expect(r.stderr).not.toMatch(NO_STACK);
    });
  }

  it('below a file: exit 2 naming the file in the way', () => {
    const p = tempProject({ 'project.yml': withPath('target/afile/t.duckdb'), 'target/afile': 'not a folder', 'models/a.sql': 'select 1 as id' });
    const r = keelWithin(['run'], p.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Target 'dev': the database path .*target\/afile\/t.duckdb cannot be created: .*target\/afile is not a directory/);
    expect(r.stderr).not.toMatch(NO_STACK);
  });
});

describe('a truncated or corrupt database file', () => {
  it('is refused with exit 2 naming the file, no stack trace; the file is left as it was', async () => {
    const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, 'models/a.sql': "{{ config(materialized='table') }}select range as id from range(100000)" });
    const db = join(p.dir, 'target/t.duckdb');
    expect(keel(['run'], p.dir).code).toBe(0);
    const whole = readFileSync(db);
    for (const damaged of [whole.subarray(0, 5000), Buffer.from('not a database\n'.repeat(500)), Buffer.alloc(0)]) {
      writeFileSync(db, damaged);
      const r = keel(['run'], p.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`The DuckDB database ${db} is truncated or corrupt`);
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(readFileSync(db).equals(damaged)).toBe(true);
    }
  });
});
