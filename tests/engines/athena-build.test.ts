import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requestToken } from '../../src/engines/athena/index.js';
import { invoke } from '../../src/runner/invoke.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { athenaEngine, athenaProjectYml, canonicalRows, startEmulator } from '../emulators/athena/test-support.js';
import { tempProject } from '../helpers/temp-project.js';

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());
afterEach(() => emulator.heal());

const statuses = (r: Awaited<ReturnType<typeof invoke>>) => Object.fromEntries(r.results.results.map((x) => [x.name, x.status]));

async function rows(sql: string): Promise<string[]> {
  const engine = athenaEngine(emulator.endpoint);
  await engine.open();
  try {
    return canonicalRows((await engine.execute(sql)).rows);
  } finally {
    await engine.close();
  }
}

/** Object keys under a model's data folder, relative to it. */
async function dataFiles(schema: string, table: string): Promise<string[]> {
  const folder = `s3://keel-lake/warehouse/${schema}/${table}/`;
  return (await emulator.lake.exclusive(() => emulator.lake.data.listObjects(folder))).map((o) => o.uri.slice(folder.length));
}

const glueTables = (schema: string) => emulator.lake.glue.listTables(schema).map((t) => t.Name);

describe('keel build on Athena (emulated)', () => {
  it('builds seeds, views, Iceberg and Hive tables, ephemerals and tests, and reports bytes scanned and cost', async () => {
    const p = tempProject({
      'project.yml': athenaProjectYml(emulator.endpoint, 'seeds:\n  +schema: raw\n'),
      'seeds/people.csv': 'id,name,score,joined\n1,ann,1.5,2025-01-01 10:00:00\n2,"bo, jr",2,2025-01-02T00:00:00Z\n3,cy,,2025-01-03 00:00:00\n',
      'seeds/p.yml': "seeds:\n  - name: people\n    config:\n      column_types: {score: 'DECIMAL(5,2)'}\n",
      'models/stg.sql': "select id, upper(name) as name, score, joined from {{ ref('people') }}",
      'models/eph.sql': "{{ config(materialized='ephemeral') }}select id, coalesce(score, 0) * 2 as doubled from {{ ref('stg') }}",
      'models/final.sql':
        "{{ config(materialized='table', partitioning=['day(joined)']) }}select s.id, s.name, e.doubled, s.joined from {{ ref('stg') }} s join {{ ref('eph') }} e on s.id = e.id",
      'models/by_day.sql':
        "{{ config(materialized='table', table_type='hive', partitioned_by=['day'], bucketed_by=['id'], bucket_count=2) }}select id, name, cast(joined as date) as day from {{ ref('stg') }}",
      'models/p.yml': 'models:\n  - name: final\n    columns:\n      - name: id\n        tests: [unique, not_null]\n',
    });
    const first = await invoke({ projectDir: p.dir, command: 'build' });
    expect(statuses(first)).toEqual({
      people: 'success',
      stg: 'success',
      final: 'success',
      by_day: 'success',
      unique_final_id: 'pass',
      not_null_final_id: 'pass',
    });

    expect(await rows('SELECT id, name, doubled, joined FROM "analytics"."final"')).toEqual(
      canonicalRows([
        { id: 1, name: 'ANN', doubled: 3, joined: new Date('2025-01-01T10:00:00Z') },
        { id: 2, name: 'BO, JR', doubled: 4, joined: new Date('2025-01-02T00:00:00Z') },
        { id: 3, name: 'CY', doubled: 0, joined: new Date('2025-01-03T00:00:00Z') },
      ]),
    );
    const final = emulator.lake.glue.getTable('analytics', 'final')!;
    expect(final.Parameters?.table_type).toBe('ICEBERG');
    const byDay = emulator.lake.glue.getTable('analytics', 'by_day')!;
    expect(byDay.PartitionKeys?.map((k) => k.Name)).toEqual(['day']);
    expect(byDay.StorageDescriptor?.BucketColumns).toEqual(['id']);
    expect(
      emulator.lake.glue
        .getPartitions('analytics', 'by_day')
        .map((x) => x.Values)
        .sort(),
    ).toEqual([['2025-01-01'], ['2025-01-02'], ['2025-01-03']]);
    expect(emulator.lake.glue.getTable('analytics', 'stg')!.TableType).toBe('VIRTUAL_VIEW');

    const runResults = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8'));
    const finalResult = runResults.results.find((r: { unique_id: string }) => r.unique_id === 'model.t.final');
    expect(finalResult).toMatchObject({ status: 'success', rows_affected: 3 });
    expect(finalResult.adapter_response.bytesScanned).toBeGreaterThan(0);
    expect(finalResult.adapter_response.costUsd).toBeGreaterThan(0);
    // the run's total is the sum over its nodes, tests included
    const sum = (key: string) =>
      runResults.results.reduce((acc: number, r: { adapter_response: Record<string, number> }) => acc + (r.adapter_response[key] ?? 0), 0);
    expect(runResults.totals.bytesScanned).toBe(sum('bytesScanned'));
    expect(runResults.totals.costUsd).toBeCloseTo(sum('costUsd'), 12);
    expect(
      runResults.results.some(
        (r: { resource_type: string; adapter_response: Record<string, number> }) => r.resource_type === 'test' && r.adapter_response.costUsd > 0,
      ),
    ).toBe(true);

    // a rebuild swaps new data in and deletes the previous generation's files
    const before = await dataFiles('analytics', 'final');
    const second = await invoke({ projectDir: p.dir, command: 'build' });
    expect(second.results.success).toBe(true);
    const after = await dataFiles('analytics', 'final');
    expect(after).toHaveLength(before.length);
    expect(after.some((f) => before.includes(f))).toBe(false);
    expect(glueTables('analytics').filter((t) => t.includes('__keel'))).toEqual([]);
  });

  it('turns a table into a view and back, deleting the table data only after the swap', async () => {
    const model = (kind: string) => `{{ config(materialized='${kind}') }}select 1 as id, '${kind}' as kind`;
    const p = tempProject({ 'project.yml': athenaProjectYml(emulator.endpoint), 'models/shape.sql': model('table') });
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    expect(await dataFiles('analytics', 'shape')).toHaveLength(2);

    p.write('models/shape.sql', model('view'));
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    expect(emulator.lake.glue.getTable('analytics', 'shape')!.TableType).toBe('VIRTUAL_VIEW');
    expect(await rows('SELECT * FROM "analytics"."shape"')).toEqual(canonicalRows([{ id: 1, kind: 'view' }]));
    expect(await dataFiles('analytics', 'shape')).toEqual([]);

    p.write('models/shape.sql', model('table'));
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    expect(await rows('SELECT * FROM "analytics"."shape"')).toEqual(canonicalRows([{ id: 1, kind: 'table' }]));
  });

  it('writes a table of more than 100 partitions in batches of 100, on Hive and on Iceberg', async () => {
    const days =
      "select n as id, date_add('day', n % 250, timestamp '2025-01-01 00:00:00') as at, cast(n % 250 as integer) as day from unnest(sequence(0, 999)) as t(n)";
    const p = tempProject({
      'project.yml': athenaProjectYml(emulator.endpoint),
      'models/wide_hive.sql': `{{ config(materialized='table', table_type='hive', partitioned_by=['day']) }}${days}`,
      'models/wide_iceberg.sql': `{{ config(materialized='table', partitioning=['day(at)']) }}${days}`,
    });
    const { results } = await invoke({ projectDir: p.dir, command: 'run' });
    expect(results.results.map((r) => [r.name, r.status, r.rowsAffected])).toEqual([
      ['wide_hive', 'success', 1000],
      ['wide_iceberg', 'success', 1000],
    ]);
    expect(emulator.lake.glue.getPartitions('analytics', 'wide_hive')).toHaveLength(250);
    for (const table of ['wide_hive', 'wide_iceberg']) {
      expect(await rows(`SELECT count(*) AS n, count(DISTINCT day) AS days FROM "analytics"."${table}"`)).toEqual(canonicalRows([{ n: 1000, days: 250 }]));
      const writes = [...emulator.athena.executions.values()].filter((e) => e.sql.includes(`"${table}__keel_tmp"`) && /^(CREATE TABLE|INSERT)/.test(e.sql));
      // the first CTAS hits Athena's limit; then one CTAS and two INSERTs of at most 100 partitions
      expect(writes.map((e) => [e.sql.split(' ')[0], e.state])).toEqual([
        ['CREATE', 'FAILED'],
        ['CREATE', 'SUCCEEDED'],
        ['INSERT', 'SUCCEEDED'],
        ['INSERT', 'SUCCEEDED'],
      ]);
      expect(writes[0]!.failure!.message).toMatch(/TOO_MANY_OPEN_PARTITIONS/);
      // what the failed CTAS wrote is swept: only the live table's files remain
      const live = emulator.lake.glue.getTable('analytics', table)!.StorageDescriptor!.Location!;
      const files = await dataFiles('analytics', table);
      expect(files.every((f) => `s3://keel-lake/warehouse/analytics/${table}/${f}`.startsWith(live))).toBe(true);
    }
  });

  it('loads a 10,000-row seed in a few queries', async () => {
    const lines = ['id,sku,name,price,in_stock,added_at,notes'];
    for (let i = 0; i < 10_000; i++)
      lines.push(
        `${i},SKU-${String(i).padStart(6, '0')},"Product ${i}, size ${i % 7}",${(i % 500) + 0.99},${i % 3 === 0},2025-0${(i % 9) + 1}-1${i % 10} 12:00:00,${i % 11 === 0 ? '' : `note ${i}`}`,
      );
    const p = tempProject({ 'project.yml': athenaProjectYml(emulator.endpoint), 'seeds/catalog.csv': `${lines.join('\n')}\n` });
    const startedBefore = emulator.athena.executions.size;
    const { results } = await invoke({ projectDir: p.dir, command: 'seed' });
    expect(results.results.map((r) => [r.name, r.status, r.rowsAffected])).toEqual([['catalog', 'success', 10_000]]);
    const queries = [...emulator.athena.executions.values()].slice(startedBefore).filter((e) => e.sql.includes('"catalog__keel_tmp"'));
    expect(queries.length).toBeLessThanOrEqual(8);
    expect(queries.every((e) => Buffer.byteLength(e.sql) <= 262_144)).toBe(true);
    expect(await rows('SELECT count(*) AS n, count(notes) AS notes, sum(price) AS total, count_if(in_stock) AS stocked FROM "analytics"."catalog"')).toEqual(
      canonicalRows([{ n: 10_000, notes: 9090, total: 10_000 * 0.99 + (20 * (499 * 500)) / 2, stocked: 3334 }]),
    );
    expect(await rows(`SELECT name, added_at FROM "analytics"."catalog" WHERE id = 1234`)).toEqual(
      canonicalRows([{ name: 'Product 1234, size 2', added_at: new Date('2025-02-14T12:00:00Z') }]),
    );
  });

  it('a failing rebuild leaves the previous table and view readable, and skips what depends on it', async () => {
    const p = tempProject({
      'project.yml': athenaProjectYml(emulator.endpoint),
      'models/t1.sql': "{{ config(materialized='table') }}select 1 as id, 'old' as v",
      'models/v1.sql': "select * from {{ ref('t1') }}",
      'models/child.sql': "{{ config(materialized='table') }}select * from {{ ref('t1') }}",
    });
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    p.write('models/t1.sql', "{{ config(materialized='table') }}select 1 as id, no_such_column as v");
    const { results } = await invoke({ projectDir: p.dir, command: 'run' });
    expect(results.success).toBe(false);
    expect(statuses({ results } as never)).toMatchObject({ t1: 'error', v1: 'skipped', child: 'skipped' });
    expect(results.results.find((r) => r.name === 't1')!.message).toMatch(/models\/t1.sql.*COLUMN_NOT_FOUND/s);
    expect(await rows('SELECT v FROM "analytics"."t1"')).toEqual(canonicalRows([{ v: 'old' }]));
    expect(await rows('SELECT v FROM "analytics"."v1"')).toEqual(canonicalRows([{ v: 'old' }]));
    expect(glueTables('analytics').filter((t) => t.startsWith('t1__'))).toEqual([]);
  });

  it('tells a merge into a Hive table apart before running it', async () => {
    const p = tempProject({
      'project.yml': athenaProjectYml(emulator.endpoint, '', { table_type: 'hive' }),
      'models/inc.sql': "{{ config(materialized='incremental', unique_key='id') }}select 1 as id, 'x' as v",
    });
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    const { results } = await invoke({ projectDir: p.dir, command: 'run' });
    expect(results.results[0]!.status).toBe('error');
    expect(results.results[0]!.message).toMatch(/'merge' needs an Iceberg table/);
    expect(glueTables('analytics').filter((t) => t.startsWith('inc__'))).toEqual([]);
  });

  it('derives every ClientRequestToken from the invocation id of run_results.json', async () => {
    const p = tempProject({
      'project.yml': athenaProjectYml(emulator.endpoint),
      'models/tokens_a.sql': "{{ config(materialized='table') }}select 1 as id",
      'models/tokens_b.sql': "select id from {{ ref('tokens_a') }}",
    });
    const from = emulator.calls.length;
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    const runId = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8')).metadata.invocation_id;
    const tokens = emulator.calls
      .slice(from)
      .filter((c) => c.action === 'StartQueryExecution')
      .map((c) => c.token);
    // tokens are (invocation, node label, statement, attempt) hashed: every one must come from this run's id
    const expected = new Set(
      ['model.t.tokens_a', 'model.t.tokens_b', 'keel'].flatMap((label) => Array.from({ length: 50 }, (_, i) => requestToken(runId, label, i + 1, 0))),
    );
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.filter((t) => !expected.has(t!))).toEqual([]);
    expect(tokens).toContain(requestToken(runId, 'model.t.tokens_a', 1, 0));
  });
});
