import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine, redshiftTargetYaml, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';

let emulator: RedshiftEmulator;
let projects = 0;

beforeAll(async () => {
  useFakeAwsEnvironment();
  emulator = await startRedshiftEmulator({ pageSize: 50 });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => emulator.faults.clear());

/** A project whose only target is the emulator, in a schema of its own. */
function redshiftProject(files: Record<string, string>, projectYml = ''): { project: TempProject; schema: string } {
  const schema = `b${++projects}`;
  const project = tempProject({
    'project.yml': `name: t\ntarget: rs\ntargets:\n  rs:\n${redshiftTargetYaml(emulator, schema)}\n${projectYml}`,
    ...files,
  });
  return { project, schema };
}

const build = (p: TempProject, extra: Partial<Parameters<typeof invoke>[0]> = {}) => invoke({ projectDir: p.dir, command: 'build', ...extra });
const statuses = (r: Awaited<ReturnType<typeof invoke>>) => Object.fromEntries(r.results.results.map((x) => [x.name, x.status]));
const rows = (sql: string) => emulator.query(sql);

const SAMPLE = {
  'seeds/people.csv':
    'id,name,score,joined,note\n1,ann,1.5,2025-01-01 10:00:00,C:\\temp\\n\n2,"bo, jr",2,2025-01-02 00:00:00,\n3,cy \'q\',,2025-01-03 00:00:00,"say ""hi"""\n',
  'seeds/p.yml': "seeds:\n  - name: people\n    config:\n      column_types: {score: 'DECIMAL(5,2)'}\n",
  'models/stg.sql': "select id, upper(name) as name, score from {{ ref('people') }}",
  'models/eph.sql': "{{ config(materialized='ephemeral') }}select id, coalesce(score, 0) * 2 as doubled from {{ ref('stg') }}",
  'models/final.sql':
    "{{ config(materialized='table', dist='id', sort=['name', 'id']) }}\nselect s.id, s.name, e.doubled, dateadd(day, s.id, cast('2025-01-01' as date)) as due\nfrom {{ ref('stg') }} s join {{ ref('eph') }} e on e.id = s.id -- trailing comment",
  'models/everywhere.sql': "{{ config(materialized='table', dist='all') }}select count(*) as n from {{ ref('final') }}",
  'models/p.yml': [
    'models:',
    '  - name: final',
    '    columns:',
    '      - name: id',
    '        tests: [unique, not_null]',
    '      - name: name',
    '        tests:',
    "          - accepted_values: {values: ['ANN', 'BO, JR', \"CY 'Q'\"]}",
    '          - relationships: {to: "ref(\'stg\')", field: name}',
  ].join('\n'),
};

describe('keel build on Redshift (Data API emulator)', () => {
  it('loads seeds, builds late-binding views and tables with their dist and sort keys, runs tests', async () => {
    const { project, schema } = redshiftProject(SAMPLE, 'seeds:\n  +schema: raw\n');
    const first = await build(project);
    expect(statuses(first)).toEqual({
      people: 'success',
      stg: 'success',
      final: 'success',
      everywhere: 'success',
      unique_final_id: 'pass',
      not_null_final_id: 'pass',
      accepted_values_final_name: 'pass',
      relationships_final_name: 'pass',
    });
    expect(first.results.success).toBe(true);
    expect(await rows(`select id, name, doubled::float8 as doubled, due from ${schema}.final order by id`)).toEqual([
      { id: 1, name: 'ANN', doubled: 3, due: new Date('2025-01-02T00:00:00Z') },
      { id: 2, name: 'BO, JR', doubled: 4, due: new Date('2025-01-03T00:00:00Z') },
      { id: 3, name: "CY 'Q'", doubled: 0, due: new Date('2025-01-04T00:00:00Z') },
    ]);
    expect(await rows(`select note from ${schema}_raw.people order by id`)).toEqual([{ note: 'C:\\temp\\n' }, { note: null }, { note: 'say "hi"' }]);
    expect(
      await rows(`select column_name, data_type from svv_columns where table_schema = '${schema}_raw' and table_name = 'people' order by ordinal_position`),
    ).toEqual([
      { column_name: 'id', data_type: 'integer' },
      { column_name: 'name', data_type: 'character varying' },
      { column_name: 'score', data_type: 'numeric' },
      { column_name: 'joined', data_type: 'timestamp without time zone' },
      { column_name: 'note', data_type: 'character varying' },
    ]);

    // the DDL as sent carries the keys; the live table kept them through the rename swap
    const finalDdl = emulator.ddl.filter((d) => d.relation.schema === schema && d.relation.name === 'final__keel_tmp');
    expect(finalDdl[0]!.sql).toContain('diststyle key distkey("id") compound sortkey("name", "id")');
    expect(await emulator.tableDesign(schema, 'final')).toEqual({ diststyle: 'key', distkey: 'id', sortkeys: ['name', 'id'], sortType: 'compound' });
    expect(await emulator.tableDesign(schema, 'everywhere')).toMatchObject({ diststyle: 'all', sortkeys: null });
    expect(emulator.ddl.find((d) => d.relation.schema === schema && d.relation.name === 'stg__keel_tmp')).toMatchObject({ kind: 'view', lateBinding: true });

    // a rebuild swaps the tables under the late-binding view and leaves nothing behind
    const second = await build(project);
    expect(second.results.success).toBe(true);
    expect(await rows(`select count(*)::int as n from ${schema}.stg`)).toEqual([{ n: 3 }]);
    expect(await rows(`select table_name from svv_tables where table_schema like '${schema}%' and table_name like '%keel%'`)).toEqual([]);
  });

  it('a failure inside the swap batch rolls it back: the old table and the views on it stay readable; the next build repairs', async () => {
    const { project, schema } = redshiftProject({
      'models/t1.sql': "{{ config(materialized='table', dist='id', sort='id') }}select 1 as id, 'old' as v",
      'models/v1.sql': "select * from {{ ref('t1') }}",
    });
    expect((await build(project)).results.success).toBe(true);
    project.write('models/t1.sql', "{{ config(materialized='table', dist='id', sort='id') }}select 1 as id, 'new' as v");

    // fail the second statement of the swap (rename tmp into place), then the third (drop the old one)
    for (const failing of [/^alter table "\w+"\."t1__keel_tmp" rename/, /^drop table if exists "\w+"\."t1__keel_backup"/]) {
      emulator.faults.failStatement(failing, 'ERROR: injected failure inside the swap');
      const failed = await build(project, { select: ['t1'] });
      expect(statuses(failed)).toEqual({ t1: 'error' });
      expect(failed.results.results[0]!.message).toContain('rolled back');
      expect(await rows(`select v from ${schema}.t1`)).toEqual([{ v: 'old' }]);
      expect(await rows(`select v from ${schema}.v1`)).toEqual([{ v: 'old' }]);
      expect(await emulator.tableDesign(schema, 't1')).toMatchObject({ distkey: 'id', sortkeys: ['id'] });
    }
    const swapBatches = [...emulator.store.all.values()].filter((r) => r.isBatch && r.subs[0]!.sql.includes(`"${schema}"."t1" rename`));
    expect(swapBatches.map((b) => b.subs.map((s) => s.status))).toEqual([
      ['FINISHED', 'FAILED', 'ABORTED'],
      ['FINISHED', 'FINISHED', 'FAILED'],
    ]);

    const repaired = await build(project);
    expect(repaired.results.success).toBe(true);
    expect(await rows(`select v from ${schema}.v1`)).toEqual([{ v: 'new' }]);
    expect(await rows(`select table_name from svv_tables where table_schema = '${schema}' order by 1`)).toEqual([{ table_name: 't1' }, { table_name: 'v1' }]);
  });

  it('incremental merge, delete+insert and append give what a full refresh gives', async () => {
    const { project, schema } = redshiftProject({
      'models/src.sql':
        "{{ config(materialized='table') }}select id, case when id >= 2 then id * {{ var('k') }} else id end as v\nfrom (select row_number() over (order by 1) - 1 as id from svv_columns limit {{ var('n') }}) ids",
      'models/inc_merge.sql':
        "{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge', dist='id', sort='id') }}select id, v from {{ ref('src') }}{% if is_incremental() %} where id >= 2{% endif %}",
      'models/inc_delete_insert.sql':
        "{{ config(materialized='incremental', unique_key='id', incremental_strategy='delete+insert') }}select id, v from {{ ref('src') }}{% if is_incremental() %} where id >= 2{% endif %}",
      'models/inc_append.sql':
        "{{ config(materialized='incremental', incremental_strategy='append') }}select id, v from {{ ref('src') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}",
    });
    const table = (name: string) => rows(`select id::int as id, v::int as v from ${schema}.${name} order by id`);
    expect((await build(project, { vars: { n: 4, k: 1 } })).results.success).toBe(true);
    const incremental = await build(project, { vars: { n: 6, k: 10 } });
    expect(incremental.results.success).toBe(true);
    expect(incremental.results.results.find((r) => r.name === 'inc_merge')).toMatchObject({ message: 'MERGE 4' });
    const afterIncrements = { merge: await table('inc_merge'), deleteInsert: await table('inc_delete_insert'), append: await table('inc_append') };

    expect((await build(project, { vars: { n: 6, k: 10 }, fullRefresh: true })).results.success).toBe(true);
    const full = await table('inc_merge');
    expect(full).toEqual([
      { id: 0, v: 0 },
      { id: 1, v: 1 },
      { id: 2, v: 20 },
      { id: 3, v: 30 },
      { id: 4, v: 40 },
      { id: 5, v: 50 },
    ]);
    expect(afterIncrements.merge).toEqual(full);
    expect(afterIncrements.deleteInsert).toEqual(full);
    // append keeps the rows it had (ids 2 and 3 with k = 1) and adds the new ids
    expect(afterIncrements.append.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5]);

    const sent = [...emulator.store.all.values()].flatMap((r) => r.subs.map((s) => s.sql));
    expect(sent.some((s) => s.startsWith(`merge into "${schema}"."inc_merge" using "${schema}"."inc_merge__keel_tmp" as "source"`))).toBe(true);
    expect(sent.some((s) => s.startsWith(`delete from "${schema}"."inc_delete_insert" using "${schema}"."inc_delete_insert__keel_tmp" as "source"`))).toBe(
      true,
    );
    expect(await emulator.tableDesign(schema, 'inc_merge')).toMatchObject({ distkey: 'id', sortkeys: ['id'] });
  });

  it('builds under 30 % throttling, with the same tables as without', async () => {
    const calm = redshiftProject(SAMPLE);
    expect((await build(calm.project)).results.success).toBe(true);
    const throttled = redshiftProject(SAMPLE);
    const before = emulator.throttled;
    emulator.faults.set({ throttleRate: 0.3 });
    const result = await build(throttled.project);
    emulator.faults.set({ throttleRate: 0 });
    expect(result.results.success).toBe(true);
    expect(emulator.throttled - before).toBeGreaterThan(10);
    for (const name of ['final', 'everywhere', 'stg']) {
      expect(await rows(`select * from ${throttled.schema}.${name} order by 1`)).toEqual(await rows(`select * from ${calm.schema}.${name} order by 1`));
    }
  });

  it('does not start while another build holds the target, and starts once it is released', async () => {
    const { project, schema } = redshiftProject({ 'models/m.sql': 'select 1 as id' });
    const other = emulatedEngine(emulator, { schema });
    await other.open();
    const held = await other.tryAcquireLock(
      { pid: 7, host: 'scheduler-2', invocationId: 'nightly', command: 'build', startedAt: new Date().toISOString() },
      { maxAgeSeconds: 3600 },
    );
    expect(held.acquired).toBe(true);
    await expect(build(project)).rejects.toThrow(/locked by keel build \(invocation nightly, pid 7 on scheduler-2/);
    if (held.acquired) await held.release();
    await other.close();
    expect((await build(project)).results.success).toBe(true);
  });

  it('splits a seed into inserts under the 100 KB statement limit', async () => {
    const lines = ['id,text'];
    for (let i = 0; i < 1500; i++) lines.push(`${i},${'x'.repeat(100)} \\ ${i}`);
    const { project, schema } = redshiftProject({ 'seeds/big.csv': `${lines.join('\n')}\n` });
    const result = await build(project);
    expect(result.results.success).toBe(true);
    expect(await rows(`select count(*)::int as n, sum(length(text))::int as chars from ${schema}.big`)).toEqual([
      { n: 1500, chars: lines.slice(1).reduce((sum, l) => sum + l.length - l.indexOf(',') - 1, 0) },
    ]);
    const inserts = [...emulator.store.all.values()].filter((r) => r.subs[0]!.sql.startsWith(`insert into "${schema}"."big__keel_tmp"`));
    expect(inserts.length).toBeGreaterThan(1);
    expect(Math.max(...inserts.map((r) => Buffer.byteLength(r.subs[0]!.sql)))).toBeLessThanOrEqual(100_000);
  });
});
