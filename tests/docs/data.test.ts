import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelNode } from '../../src/core/nodes.js';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { ansiQuoting } from '../../src/engines/quoting.js';
import { funnelSteps } from '../../src/docs/data/funnels.js';
import { readRunResults } from '../../src/docs/data/run-results.js';
import { loadSegmentPage } from '../../src/docs/data/segments.js';
import { newerSync, readSyncResults, readSyncRuns } from '../../src/docs/data/sync-results.js';
import { generateDocs } from '../../src/docs/generate.js';
import { keel } from '../helpers/cli.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const project = () =>
  tempProject({
    'project.yml': MINIMAL_PROJECT_YML,
    'models/orders.sql': "{{ config(materialized='table', tags=['finance'], owner='data-platform') }}select 1 as id, 9.5 as amount, 'a' as status",
    'models/customers.sql': "select 1 as id, 'x@y.z' as email",
    'models/props.yml': `version: 2
models:
  - name: orders
    description: One row per order.
    meta: {owner: someone-else}
    columns:
      - name: id
        description: the order
        tests: [unique, not_null]
      - name: amount
        tests:
          - not_null: {config: {severity: warn}}
      - name: retired_column
        description: gone from the SQL
  - name: customers
    meta: {owner: crm-team}
`,
  });

describe('docs data', () => {
  it('catalog: warehouse columns in order with YAML docs, a documented column the warehouse lacks, owners, tests with their last status', async () => {
    const p = project();
    expect(keel(['build'], p.dir).code).toBe(0);
    const { data, outDir } = await generateDocs({ projectDir: p.dir });
    expect(existsSync(join(outDir, 'index.html'))).toBe(true);
    expect(data.warehouse).toEqual({ introspected: true, message: null });
    const orders = data.nodes.find((n) => n.id === 'model.t.orders')!;
    expect(orders).toMatchObject({
      owner: 'data-platform',
      materialized: 'table',
      tags: ['finance'],
      description: 'One row per order.',
      relation: '"main"."orders"',
    });
    expect(orders.columns.map((c) => [c.name, c.type, c.inWarehouse])).toEqual([
      ['id', 'INTEGER', true],
      ['amount', 'DECIMAL(2,1)', true],
      ['status', 'VARCHAR', true],
      ['retired_column', null, false],
    ]);
    expect(orders.columns[0].description).toBe('the order');
    expect(orders.columns[0].tests.sort()).toEqual(['test.t.not_null_orders_id', 'test.t.unique_orders_id']);
    expect(orders.lastRun).toMatchObject({ status: 'success', rowsAffected: 1 });
    expect(orders.compiledSql).toContain('select 1 as id');
    const tests = orders.tests.map((id) => data.nodes.find((n) => n.id === id)!);
    expect(tests.map((t) => [t.name, t.lastRun?.status, t.severity]).sort()).toEqual([
      ['not_null_orders_amount', 'pass', 'warn'],
      ['not_null_orders_id', 'pass', 'error'],
      ['unique_orders_id', 'pass', 'error'],
    ]);
    expect(data.nodes.find((n) => n.id === 'model.t.customers')!.owner).toBe('crm-team');
    expect(data.lastRun?.command).toBe('build');
    expect(Object.keys(data.lineage.positions).sort()).toEqual(['model.t.customers', 'model.t.orders']);
  });

  it('generates without a warehouse before the first build, and does not create the database', async () => {
    const p = project();
    const r = keel(['docs', 'generate'], p.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Note: target/t.duckdb does not exist yet: run keel build');
    expect(r.stdout).toMatch(/Docs for 2 models, 0 sources, 0 seeds, 3 tests written to target\/docs\/index.html/);
    expect(existsSync(join(p.dir, 'target/t.duckdb'))).toBe(false);
    expect(existsSync(join(p.dir, 'target/docs/assets/keel-docs.js'))).toBe(true);
  });

  it('keel docs serve says to generate first when there is no site', () => {
    const p = project();
    const r = keel(['docs', 'serve', '--port', '0'], p.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Run keel docs generate first.');
    const bad = keel(['docs', 'serve', '--port', 'x'], p.dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('a port number');
  });
});

describe('run results', () => {
  it("reads each node's last status, time, rows and the engine's bytes scanned; a broken file reads as no run", () => {
    const p = tempProject({});
    mkdirSync(join(p.dir, 'target'));
    const result = {
      unique_id: 'model.t.a',
      name: 'a',
      status: 'success',
      message: 'SELECT 3',
      rows_affected: 3,
      execution_time: 1.5,
      timing: [{ name: 'execute', completed_at: '2025-06-01T00:00:01Z' }],
      adapter_response: { bytesScanned: 1048576 },
    };
    writeFileSync(
      join(p.dir, 'target/run_results.json'),
      JSON.stringify({ metadata: { invocation_id: 'i', command: 'run', generated_at: '2025-06-01T00:00:02Z' }, results: [result] }),
    );
    const r = readRunResults(join(p.dir, 'target'));
    expect(r.meta).toEqual({ command: 'run', generatedAt: '2025-06-01T00:00:02Z', invocationId: 'i' });
    expect(r.byId.get('model.t.a')).toEqual({
      status: 'success',
      message: 'SELECT 3',
      executionTime: 1.5,
      rowsAffected: 3,
      failures: null,
      bytesScanned: 1048576,
      completedAt: '2025-06-01T00:00:01Z',
    });
    writeFileSync(join(p.dir, 'target/run_results.json'), '{"metadata":');
    expect(readRunResults(join(p.dir, 'target')).byId.size).toBe(0);
  });
});

describe('funnel steps', () => {
  it('conversion from the first and the previous step; none after a step nobody reached', () => {
    const steps = funnelSteps([
      { step_index: 1, step_name: 'viewed', persons: '200', median_seconds: null },
      { step_index: 2, step_name: 'added', persons: 50, median_seconds: 30.5 },
      { step_index: 3, step_name: 'paid', persons: 0, median_seconds: null },
      { step_index: 4, step_name: 'shipped', persons: 0, median_seconds: null },
    ]);
    expect(steps.map((s) => [s.index, s.name, s.persons, s.conversionFromFirst, s.conversionFromPrevious, s.medianSecondsFromPrevious])).toEqual([
      [1, 'viewed', 200, 1, 1, null],
      [2, 'added', 50, 0.25, 0.25, 30.5],
      [3, 'paid', 0, 0, 0, null],
      [4, 'shipped', 0, 0, null, null],
    ]);
  });
});

describe('segment pages', () => {
  let engine: DuckDBEngine | undefined;
  afterEach(async () => {
    await engine?.close();
  });

  it('members after each build from the history, the last build’s changes, and the newest sync of file and table', async () => {
    engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
    await engine.open();
    const t = (d: string) => `timestamp '2025-06-0${d} 06:00:00'`;
    await engine.execute(`create table main.seg_history as select * from (values
      ('a', ${t('1')}, null), ('b', ${t('1')}, ${t('3')}), ('c', ${t('2')}, null), ('d', ${t('3')}, null), ('e', ${t('3')}, null)
    ) v(person_key, entered_at, exited_at)`);
    await engine.execute("create table main.seg_changes as select * from (values ('added', 'd'), ('added', 'e'), ('removed', 'b')) v(change, person_key)");
    await engine.execute(`create table main.keel_sync_runs as select * from (values
      ('r1', 'outbox', 'seg', 'model.t.seg', 'acknowledged', 'full', 2, 2, 0, 0, 0, ${t('2')}, ${t('2')}),
      ('r2', 'outbox', 'seg', 'model.t.seg', 'acknowledged', 'delta', 4, 2, 1, 0, 2, ${t('3')}, ${t('3')})
    ) v(run_id, endpoint, segment, model_id, status, mode, members, adds, removes, optouts, unchanged, started_at, finished_at)`);
    const node = { uniqueId: 'model.t.seg', name: 'seg', relation: { schema: 'main', identifier: 'seg' } } as ModelNode;
    const fromTable = await readSyncRuns(engine, ansiQuoting, 'main');
    const page = await loadSegmentPage(engine, ansiQuoting, node, fromTable.get('model.t.seg') ?? null, null);
    expect(page.history.map((p) => [p.at.slice(0, 10), p.members, p.entered, p.exited])).toEqual([
      ['2025-06-01', 2, 2, 0],
      ['2025-06-02', 3, 1, 0],
      ['2025-06-03', 4, 2, 1],
    ]);
    expect(page.lastBuild).toEqual({ added: 2, removed: 1 });
    expect(page.lastSync).toMatchObject({ status: 'acknowledged', mode: 'delta', adds: 2, removes: 1, members: 4, from: 'keel_sync_runs' });

    const p = tempProject({});
    mkdirSync(join(p.dir, 'target'), { recursive: true });
    writeFileSync(
      join(p.dir, 'target/sync_results.json'),
      JSON.stringify({
        endpoint: 'outbox',
        segments: [
          { uniqueId: 'model.t.seg', status: 'dry_run', mode: 'delta', counts: { members: 4, adds: 0, removes: 0 }, finishedAt: '2025-06-04T00:00:00.000Z' },
        ],
      }),
    );
    const fromFile = readSyncResults(join(p.dir, 'target'));
    expect(newerSync(fromFile.get('model.t.seg'), fromTable.get('model.t.seg'))).toMatchObject({ status: 'dry_run', from: 'target/sync_results.json' });
    const missing = await loadSegmentPage(
      engine,
      ansiQuoting,
      { ...node, uniqueId: 'model.t.other', relation: { schema: 'main', identifier: 'other' } } as ModelNode,
      null,
      null,
    );
    expect(missing.message).toContain('"main"."other_history" does not exist yet');
  });
});
