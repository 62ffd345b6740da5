import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keel } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { slowBuildUnderway } from './slow-build.js';

describe('SIGTERM mid-build', () => {
  it('cancels the running query, leaves every relation old or new, writes results and history, releases the lock', async () => {
    const { p, run } = await slowBuildUnderway({ 'models/a_view.sql': "select *, '{{ var('tag') }}' as view_tag from {{ ref('a') }}" });
    const db = join(p.dir, 'target/t.duckdb');
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code).toBe(143);

    const results = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8'));
    const status = Object.fromEntries(results.results.map((r: { name: string; status: string }) => [r.name, r.status]));
    expect(status).toMatchObject({ s: 'success', a: 'success', slow: 'cancelled', c: 'cancelled' });
    expect(results.success).toBe(false);

    // each relation is the old or the new one, whole; nothing half-built beside them
    const tag = async (rel: string) => (await queryDuckDB(db, `select tag from ${rel}`))[0]!.tag;
    expect(await tag('main.a')).toBe('new');
    expect(await tag('main.slow')).toBe('old');
    expect(await tag('main.c')).toBe('old');
    expect(await queryDuckDB(db, "select table_name from information_schema.tables where table_schema = 'main' and table_name like '%keel%'")).toEqual([]);

    expect(existsSync(`${db}.keel.lock`)).toBe(false);
    const [last] = await queryDuckDB(db, 'select invocation_id, status, nodes_cancelled from keel_meta.keel_runs order by started_at desc limit 1');
    expect(last).toMatchObject({ invocation_id: results.metadata.invocation_id, status: 'cancelled', nodes_cancelled: 2 });

    const next = keel(['build', '--vars', '{tag: new, n: 10}'], p.dir);
    expect(next.code).toBe(0);
    expect(await tag('main.c')).toBe('new');
  });
});
