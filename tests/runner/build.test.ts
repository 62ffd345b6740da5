import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const db = (dir: string) => join(dir, 'target/t.duckdb');
const statuses = (r: Awaited<ReturnType<typeof invoke>>) => Object.fromEntries(r.results.results.map((x) => [x.name, x.status]));

describe('keel build on DuckDB', () => {
  it('loads seeds, builds views, tables and ephemerals, runs tests, writes artifacts', async () => {
    const p = tempProject({
      'project.yml': `${MINIMAL_PROJECT_YML}seeds:\n  +schema: raw\n`,
      'seeds/people.csv': 'id,name,score,joined\n1,ann,1.5,2025-01-01 10:00:00\n2,"bo, jr",2,2025-01-02 00:00:00\n3,cy,,2025-01-03 00:00:00\n',
      'seeds/p.yml': "seeds:\n  - name: people\n    config:\n      column_types: {score: 'DECIMAL(5,2)'}\n",
      'models/stg.sql': "select id, upper(name) as name, score from {{ ref('people') }}",
      'models/eph.sql': "{{ config(materialized='ephemeral') }}select id, coalesce(score, 0) * 2 as doubled from {{ ref('stg') }}",
      'models/final.sql': "{{ config(materialized='table') }}select s.id, s.name, e.doubled from {{ ref('stg') }} s join {{ ref('eph') }} e using (id)",
      'models/p.yml': 'models:\n  - name: final\n    columns:\n      - name: id\n        tests: [unique, not_null]\n',
    });
    const { results } = await invoke({ projectDir: p.dir, command: 'build' });
    expect(results.success).toBe(true);
    expect(statuses({ results } as never)).toEqual({ people: 'success', stg: 'success', final: 'success', unique_final_id: 'pass', not_null_final_id: 'pass' });
    const rows = await queryDuckDB(db(p.dir), 'select * from main.final order by id');
    expect(rows).toEqual([
      { id: 1, name: 'ANN', doubled: '3.00' },
      { id: 2, name: 'BO, JR', doubled: '4.00' },
      { id: 3, name: 'CY', doubled: '0.00' },
    ]);
    const types = await queryDuckDB(
      db(p.dir),
      "select column_name, data_type from information_schema.columns where table_schema = 'main_raw' and table_name = 'people' order by ordinal_position",
    );
    expect(types.map((t) => t.data_type)).toEqual(['INTEGER', 'VARCHAR', 'DECIMAL(5,2)', 'TIMESTAMP']);
    const views = await queryDuckDB(db(p.dir), "select table_name, table_type from information_schema.tables where table_schema = 'main' order by 1");
    expect(views).toEqual([
      { table_name: 'final', table_type: 'BASE TABLE' },
      { table_name: 'stg', table_type: 'VIEW' },
    ]);
    const manifest = JSON.parse(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.t.final'].depends_on.sort()).toEqual(['model.t.eph', 'model.t.stg']);
    expect(manifest.nodes['model.t.final'].checksum.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.nodes['model.t.final'].compiled_path).toBe('compiled/t/models/final.sql');
    const runResults = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8'));
    expect(runResults.results.find((r: { unique_id: string }) => r.unique_id === 'model.t.final')).toMatchObject({ status: 'success', rows_affected: 3 });
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/final.sql'), 'utf8')).toContain('"__keel_ephemeral__eph" as (');
  });

  it('incremental append adds only new rows across runs; --full-refresh rebuilds', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/src.sql': "{{ config(materialized='table') }}select * from range({{ var('n') }}) t(id)",
      'models/inc.sql':
        "{{ config(materialized='incremental', incremental_strategy='append') }}select id, 'run' as tag from {{ ref('src') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}",
    });
    await invoke({ projectDir: p.dir, command: 'run', vars: { n: 3 } });
    expect(await queryDuckDB(db(p.dir), 'select count(*)::int as n, max(id)::int as m from main.inc')).toEqual([{ n: 3, m: 2 }]);
    const second = await invoke({ projectDir: p.dir, command: 'run', vars: { n: 5 } });
    expect(second.results.results.find((r) => r.name === 'inc')).toMatchObject({ status: 'success', rowsAffected: 2 });
    expect(await queryDuckDB(db(p.dir), 'select count(*)::int as n, count(distinct id)::int as d from main.inc')).toEqual([{ n: 5, d: 5 }]);
    await invoke({ projectDir: p.dir, command: 'run', vars: { n: 2 }, fullRefresh: true });
    expect(await queryDuckDB(db(p.dir), 'select count(*)::int as n from main.inc')).toEqual([{ n: 2 }]);
  });

  it('incremental merge updates matched keys and inserts new ones', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/src.sql': "{{ config(materialized='table') }}select id, id * {{ var('k') }} as v from range({{ var('n') }}) t(id)",
      'models/inc.sql':
        "{{ config(materialized='incremental', unique_key='id') }}select id, v from {{ ref('src') }}{% if is_incremental() %} where id >= 2{% endif %}",
    });
    await invoke({ projectDir: p.dir, command: 'run', vars: { n: 4, k: 1 } });
    await invoke({ projectDir: p.dir, command: 'run', vars: { n: 6, k: 10 } });
    const rows = await queryDuckDB(db(p.dir), 'select id::int as id, v::int as v from main.inc order by id');
    // ids 0,1 untouched (first run, k=1); 2,3 updated; 4,5 inserted
    expect(rows).toEqual([
      { id: 0, v: 0 },
      { id: 1, v: 1 },
      { id: 2, v: 20 },
      { id: 3, v: 30 },
      { id: 4, v: 40 },
      { id: 5, v: 50 },
    ]);
  });

  it.each(['merge', 'delete+insert'])('incremental %s applies incremental_predicates to the target rows', async (strategy) => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/src.sql': "{{ config(materialized='table') }}select id, id * {{ var('k') }} as v from range(4) t(id)",
      'models/inc.sql': `{{ config(materialized='incremental', incremental_strategy='${strategy}', unique_key='id', incremental_predicates=['target.id >= 2']) }}select id, v from {{ ref('src') }}{% if is_incremental() %} where id in (1, 2){% endif %}`,
    });
    expect((await invoke({ projectDir: p.dir, command: 'run', vars: { k: 1 } })).results.success).toBe(true);
    expect((await invoke({ projectDir: p.dir, command: 'run', vars: { k: 10 } })).results.success).toBe(true);
    const rows = await queryDuckDB(db(p.dir), 'select id::int as id, v::int as v from main.inc order by id, v');
    // id 2 is inside the predicate: replaced; id 1 is outside: its old row stays, the new one is added
    expect(rows).toEqual([
      { id: 0, v: 0 },
      { id: 1, v: 1 },
      { id: 1, v: 10 },
      { id: 2, v: 20 },
      { id: 3, v: 3 },
    ]);
  });

  it('a failing rebuild leaves the previous table and view readable, and skips descendants', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/t1.sql': "{{ config(materialized='table') }}select 1 as id, 'old' as v",
      'models/v1.sql': "select * from {{ ref('t1') }}",
      'models/child.sql': "{{ config(materialized='table') }}select * from {{ ref('t1') }}",
    });
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    p.write('models/t1.sql', "{{ config(materialized='table') }}select 1 as id, no_such_column as v");
    p.write('models/v1.sql', "select *, no_such_col from {{ ref('t1') }}");
    const { results } = await invoke({ projectDir: p.dir, command: 'run' });
    expect(results.success).toBe(false);
    expect(statuses({ results } as never)).toMatchObject({ t1: 'error', v1: 'skipped', child: 'skipped' });
    expect(results.results.find((r) => r.name === 't1')!.message).toContain('models/t1.sql');
    expect(await queryDuckDB(db(p.dir), 'select v from main.t1')).toEqual([{ v: 'old' }]);
    expect(await queryDuckDB(db(p.dir), 'select v from main.v1')).toEqual([{ v: 'old' }]);
    const left = await queryDuckDB(
      db(p.dir),
      "select table_name from information_schema.tables where table_schema <> 'keel_meta' and table_name like '%keel%'",
    );
    expect(left).toEqual([]);
  });

  it('warn-severity test failures do not fail the build; error-severity ones skip descendants', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': "{{ config(materialized='table') }}select * from (values (1), (1), (null)) t(id)",
      'models/b.sql': "{{ config(materialized='table') }}select * from {{ ref('a') }}",
      'models/p.yml': [
        'models:',
        '  - name: a',
        '    columns:',
        '      - name: id',
        '        tests:',
        '          - not_null: {config: {severity: warn}}',
        '          - unique: {config: {warn_if: ">= 1", error_if: "> 5"}}',
      ].join('\n'),
    });
    let r = await invoke({ projectDir: p.dir, command: 'build' });
    expect(statuses(r)).toEqual({ a: 'success', not_null_a_id: 'warn', unique_a_id: 'warn', b: 'success' });
    expect(r.results.success).toBe(true);
    expect(r.results.results.find((x) => x.name === 'not_null_a_id')!.failures).toBe(1);

    p.write('models/p.yml', 'models:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique]\n');
    r = await invoke({ projectDir: p.dir, command: 'build' });
    expect(statuses(r)).toEqual({ a: 'success', unique_a_id: 'fail', b: 'skipped' });
    expect(r.results.success).toBe(false);
  });

  it('selection: +name, name+, tag and exclude decide what is built', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "{{ config(tags=['slow']) }}select * from {{ ref('b') }}",
      'models/d.sql': "select * from {{ ref('b') }}",
      'models/other.sql': 'select 2 as id',
    });
    const names = async (args: { select?: string[]; exclude?: string[] }) =>
      (await invoke({ projectDir: p.dir, command: 'run', ...args })).results.results.map((r) => r.name);
    expect(await names({ select: ['b+'], exclude: ['tag:slow'] })).toEqual(['b', 'd']);
    expect(await names({ select: ['+c'] })).toEqual(['a', 'b', 'c']);
    expect(await names({ select: ['a', 'other'] })).toEqual(['a', 'other']);
  });

  it('runs independent nodes in parallel with --threads', async () => {
    const files: Record<string, string> = { 'project.yml': MINIMAL_PROJECT_YML };
    for (let i = 0; i < 8; i++) files[`models/m${i}.sql`] = `{{ config(materialized='table') }}select ${i} as id`;
    const p = tempProject(files);
    const { results } = await invoke({ projectDir: p.dir, command: 'run', threads: 4 });
    expect(results.success).toBe(true);
    expect(results.args.threads).toBe(4);
    // at least two nodes overlapped in time
    const spans = results.results.map((r) => [Date.parse(r.startedAt!), Date.parse(r.completedAt!)] as const);
    const overlapping = spans.some(([s1, e1], i) => spans.some(([s2], j) => i !== j && s2 >= s1 && s2 < e1));
    expect(overlapping).toBe(true);
    expect(await queryDuckDB(db(p.dir), "select count(*)::int as n from information_schema.tables where table_schema = 'main'")).toEqual([{ n: 8 }]);
  });
});
