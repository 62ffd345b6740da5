import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keel } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';
import { slowBuildUnderway } from './slow-build.js';
import { startKeel } from './spawn.js';

describe('a build killed with SIGKILL', () => {
  it('is visible as running, shown as killed once gone, and keel retry rebuilds what did not finish', async () => {
    const { p, run } = await slowBuildUnderway();
    const db = join(p.dir, 'target/t.duckdb');
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');

    // the killed run, not the one before it, is the last run
    const file = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8'));
    expect(file.metadata).toMatchObject({ command: 'build', status: 'running', pid: run.child.pid });
    const killedId = file.metadata.invocation_id as string;

    const shown = keel(['history', '--output', 'json'], p.dir);
    expect(shown.code).toBe(0);
    const rows = shown.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ invocation_id: killedId, status: 'killed', nodes_total: 4, nodes_ok: 2, nodes_cancelled: 2 });

    // the retry keeps the killed run's vars: make slow fast without them
    p.write('models/slow.sql', "{{ config(materialized='table') }}select '{{ var('tag') }}' as tag, count(*) as n from range(10) x, {{ ref('a') }}");
    const retried = keel(['retry'], p.dir);
    expect(retried.code, retried.stdout + retried.stderr).toBe(0);
    const after = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8'));
    expect(after.metadata.status).toBeUndefined();
    expect(after.args).toMatchObject({ retry_of: killedId, vars: { tag: 'new', n: 100000000 } });
    expect(after.results.map((r: { name: string; status: string }) => [r.name, r.status])).toEqual([
      ['slow', 'success'],
      ['c', 'success'],
    ]);

    const tag = async (rel: string) => (await queryDuckDB(db, `select tag from ${rel}`))[0]!.tag;
    expect(await tag('main.a')).toBe('new');
    expect(await tag('main.slow')).toBe('new');
    expect(await tag('main.c')).toBe('new');

    // the killed run stays in the history after run_results.json moved on
    const runs = await queryDuckDB(db, 'select invocation_id, status, nodes_ok, nodes_cancelled, retry_of from keel_meta.keel_runs order by started_at');
    expect(runs.slice(1)).toEqual([
      { invocation_id: killedId, status: 'killed', nodes_ok: 2, nodes_cancelled: 2, retry_of: null },
      { invocation_id: after.metadata.invocation_id, status: 'success', nodes_ok: 2, nodes_cancelled: 0, retry_of: killedId },
    ]);
    const nodes = await queryDuckDB(db, `select name, status from keel_meta.keel_run_nodes where invocation_id = '${killedId}' order by name`);
    expect(nodes).toEqual([
      { name: 'a', status: 'success' },
      { name: 'c', status: 'cancelled' },
      { name: 's', status: 'success' },
      { name: 'slow', status: 'cancelled' },
    ]);
    expect(keel(['retry'], p.dir).stdout).toMatch(/Nothing to retry/);
  });

  it('keel retry while the run it would retry is still going exits 3 and names it', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/slow.sql': "{{ config(materialized='table') }}select count(*) as n from range(100000000) x, range(1000) y",
    });
    const run = startKeel(['run'], p.dir);
    await run.until('START table model slow');
    const r = keel(['retry'], p.dir);
    run.child.kill('SIGKILL');
    await run.exited;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`pid ${run.child.pid} on .* is still running`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
