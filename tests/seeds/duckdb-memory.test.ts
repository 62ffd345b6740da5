import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeelError } from '../../src/core/errors.js';
import { createDuckDBEngine } from '../../src/engines/duckdb/index.js';
import { invoke } from '../../src/runner/invoke.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { tempProject } from '../helpers/temp-project.js';

const yml = (extra: string) => `name: t\ntargets:\n  dev:\n    type: duckdb\n    path: target/t.duckdb\n${extra}`;
const SETTINGS =
  "{{ config(materialized='table') }}select current_setting('memory_limit') as memory_limit, current_setting('temp_directory') as temp_directory";

describe('DuckDB memory_limit and temp_directory', () => {
  it('bounds memory by default and spills beside the database file', async () => {
    const p = tempProject({ 'project.yml': yml(''), 'models/settings.sql': SETTINGS });
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    const [row] = await queryDuckDB(join(p.dir, 'target/t.duckdb'), 'select * from main.settings');
    // DuckDB reports the limit in its own units: 1GB is 953.6 MiB
    expect(row).toEqual({ memory_limit: '953.6 MiB', temp_directory: join(p.dir, 'target/t.duckdb.tmp') });
  });

  it('takes both from the target, the folder relative to the project', async () => {
    const p = tempProject({ 'project.yml': yml('    memory_limit: 300MB\n    temp_directory: spill\n'), 'models/settings.sql': SETTINGS });
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    const [row] = await queryDuckDB(join(p.dir, 'target/t.duckdb'), 'select * from main.settings');
    expect(row).toEqual({ memory_limit: '286.1 MiB', temp_directory: join(p.dir, 'spill') });
  });

  it("leaves an in-memory database at DuckDB's own limit: its tables live in that memory", async () => {
    const setting = async (memoryLimit?: string) => {
      const engine = createDuckDBEngine({ path: ':memory:', memoryLimit });
      await engine.open();
      try {
        return (await engine.execute("select current_setting('memory_limit') as m")).rows[0]!.m;
      } finally {
        await engine.close();
      }
    };
    expect(await setting()).not.toBe('953.6 MiB');
    expect(await setting('300MB')).toBe('286.1 MiB');
  });

  it('refuses a memory_limit that is not a size, naming the file and key', async () => {
    const p = tempProject({ 'project.yml': yml('    memory_limit: lots\n'), 'models/settings.sql': SETTINGS });
    const error = await invoke({ projectDir: p.dir, command: 'run' }).then(
      () => null,
      (e: KeelError) => e,
    );
    expect(error?.format()).toMatch(/^project\.yml:6: targets\.dev\.memory_limit: a size such as '512MB' or '2GB'/);
  });
});
