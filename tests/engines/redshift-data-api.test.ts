import { DescribeStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redshiftConfigFromTarget, type RedshiftEngine } from '../../src/engines/redshift/index.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine, FAKE_CREDENTIALS } from '../emulators/redshift/test-support.js';

let emulator: RedshiftEmulator;
let engine: RedshiftEngine;
let schemaCount = 0;
let schema: string;

beforeAll(async () => {
  emulator = await startRedshiftEmulator({ pageSize: 3 });
});

afterAll(async () => {
  await emulator.close();
});

async function openEngine(overrides: Parameters<typeof emulatedEngine>[1] = {}): Promise<RedshiftEngine> {
  schema = `t${++schemaCount}`;
  engine = emulatedEngine(emulator, { schema, ...overrides });
  await engine.open();
  return engine;
}

afterEach(async () => {
  emulator.faults.clear();
  await engine?.close();
});

const statuses = (prefix: string) => [...emulator.store.all.values()].filter((r) => r.subs.some((s) => s.sql.startsWith(prefix))).map((r) => r.status);

describe('RedshiftEngine over the Data API', () => {
  it('creates its schema on open and returns typed values across result pages', async () => {
    await openEngine();
    expect(await engine.listRelations(schema)).toEqual([]);
    const pagesBefore = emulator.calls.GetStatementResult ?? 0;
    const result = await engine.execute(`
      select n, 'row ' || n as label, n * 1.25::numeric(6,2) as amount, n::float8 / 4 as ratio, n % 2 = 0 as even,
             timestamp '2025-03-01 12:34:56.789' + n * interval '1 day' as ts, date '2025-03-01' + n as day,
             case when n = 2 then null else n end as maybe, 9007199254740993::bigint as huge
      from (select 1 as n union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7) t
      order by n`);
    expect(result.columns.map((c) => c.type)).toEqual([
      'INTEGER',
      'VARCHAR',
      'NUMERIC',
      'DOUBLE PRECISION',
      'BOOLEAN',
      'TIMESTAMP',
      'DATE',
      'INTEGER',
      'BIGINT',
    ]);
    expect(result.rows).toHaveLength(7);
    expect(result.rows[1]).toEqual({
      n: 2,
      label: 'row 2',
      amount: 2.5,
      ratio: 0.5,
      even: true,
      ts: new Date('2025-03-03T12:34:56.789Z'),
      day: '2025-03-03',
      maybe: null,
      huge: 9007199254740992,
    });
    // 7 rows in pages of 3
    expect(emulator.calls.GetStatementResult! - pagesBefore).toBe(3);
  });

  it('reports rows affected by DML, not by DDL', async () => {
    await openEngine();
    expect(await engine.execute(`create table ${schema}.t as select 1 as id union all select 2`)).toMatchObject({ columns: [], rows: [] });
    expect((await engine.execute(`insert into ${schema}.t select id + 10 from ${schema}.t`)).rowsAffected).toBe(2);
    expect((await engine.execute(`delete from ${schema}.t where id > 10`)).rowsAffected).toBe(2);
    expect((await engine.execute(`create view ${schema}.v as select 1 as x with no schema binding`)).rowsAffected).toBeUndefined();
  });

  it('runs a transaction as one BatchExecuteStatement; a failure in the middle rolls all of it back', async () => {
    await openEngine();
    await engine.execute(`create table ${schema}.t as select 1 as id`);
    const batch = [`insert into ${schema}.t values (2)`, `select * from ${schema}.missing`, `insert into ${schema}.t values (3)`];
    await expect(engine.transaction(batch)).rejects.toThrow(/relation "t\d+\.missing" does not exist \(statement 2 of 3 in a transaction, rolled back/);
    expect((await engine.execute(`select id from ${schema}.t order by id`)).rows).toEqual([{ id: 1 }]);

    const failed = [...emulator.store.all.values()].find((r) => r.isBatch && r.subs[1]!.sql.includes('missing'))!;
    const client = new RedshiftDataClient({ region: 'us-east-1', endpoint: emulator.endpoint, credentials: FAKE_CREDENTIALS });
    const described = await client.send(new DescribeStatementCommand({ Id: failed.id }));
    expect(described.Status).toBe('FAILED');
    expect(described.SubStatements!.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED', 'ABORTED']);
    client.destroy();

    const results = await engine.transaction([`insert into ${schema}.t values (4)`, `select count(*) as n from ${schema}.t`]);
    expect(results[0]).toMatchObject({ rowsAffected: 1 });
    expect(results[1]!.rows).toEqual([{ n: 2 }]);
  });

  it('writes values as literals: quotes, backslashes, NULLs and dates round-trip through Kysely', async () => {
    await openEngine();
    await engine.db.schema
      .withSchema(schema)
      .createTable('people')
      .addColumn('id', 'integer')
      .addColumn('name', 'varchar(100)')
      .addColumn('seen', 'timestamp')
      .execute();
    const tricky = `O'Brien \\ "the; DROP TABLE people; --`;
    const inserted = await engine.db
      .withSchema(schema)
      .insertInto('people')
      .values([
        { id: 1, name: tricky, seen: new Date('2025-01-02T03:04:05.678Z') },
        { id: 2, name: null, seen: null },
        { id: 3, name: '', seen: null },
      ])
      .executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(3n);
    const rows = await engine.db.withSchema(schema).selectFrom('people').selectAll().where('id', 'in', [1, 2, 3]).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 1, name: tricky, seen: new Date('2025-01-02T03:04:05.678Z') },
      { id: 2, name: null, seen: null },
      { id: 3, name: '', seen: null },
    ]);
    expect(engine.dialect.literal(tricky)).toBe(`'O''Brien \\\\ "the; DROP TABLE people; --'`);
  });

  it('commits and rolls back Kysely transactions in a Data API session', async () => {
    await openEngine();
    await engine.execute(`create table ${schema}.k (id int)`);
    await engine.db.transaction().execute(async (trx) => {
      await trx.withSchema(schema).insertInto('k').values({ id: 1 }).execute();
      await trx.withSchema(schema).insertInto('k').values({ id: 2 }).execute();
    });
    await expect(
      engine.db.transaction().execute(async (trx) => {
        await trx.withSchema(schema).insertInto('k').values({ id: 3 }).execute();
        await sql`select * from no_such_table`.execute(trx);
      }),
    ).rejects.toThrow(/no_such_table/);
    expect((await engine.execute(`select id from ${schema}.k order by id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
    const inSession = [...emulator.store.all.values()].filter((r) => r.sessionId && r.subs[0]!.sql.includes(`"${schema}"."k"`));
    expect(inSession.length).toBe(3);
  });

  it('runs a transaction longer than a batch takes (40) in one session', async () => {
    await openEngine();
    await engine.execute(`create table ${schema}.many (id int)`);
    const inserts = Array.from({ length: 45 }, (_, i) => `insert into ${schema}.many values (${i})`);
    await engine.transaction(inserts);
    expect((await engine.execute(`select count(*) as n from ${schema}.many`)).rows).toEqual([{ n: 45 }]);
    await expect(engine.transaction([...inserts, `insert into ${schema}.many values ('not a number')`])).rejects.toThrow(/invalid input syntax/);
    expect((await engine.execute(`select count(*) as n from ${schema}.many`)).rows).toEqual([{ n: 45 }]);
  });

  it('retries throttled calls with backoff and still runs every statement once', async () => {
    await openEngine();
    emulator.faults.set({ throttleRate: 0.5 });
    const before = emulator.throttled;
    await engine.execute(`create table ${schema}.th (id int)`);
    for (let i = 0; i < 8; i++) await engine.execute(`insert into ${schema}.th values (${i})`);
    emulator.faults.set({ throttleRate: 0 });
    expect(emulator.throttled - before).toBeGreaterThan(0);
    expect((await engine.execute(`select count(*) as n, count(distinct id) as d from ${schema}.th`)).rows).toEqual([{ n: 8, d: 8 }]);
  });

  it('a lost response to ExecuteStatement is retried with the same ClientToken: the statement runs once', async () => {
    await openEngine();
    await engine.execute(`create table ${schema}.once (id int)`);
    emulator.faults.loseResponses('ExecuteStatement', 1);
    const lost = emulator.errors.InternalServerException ?? 0;
    await engine.execute(`insert into ${schema}.once values (1)`);
    expect(emulator.errors.InternalServerException).toBe(lost + 1);
    expect((await engine.execute(`select count(*) as n from ${schema}.once`)).rows).toEqual([{ n: 1 }]);
  });

  it('waits out ActiveStatementsExceeded and keeps its own statements under max_concurrent_statements', async () => {
    await openEngine({ maxConcurrentStatements: 2 });
    emulator.faults.set({ runDelayMs: 20 });
    emulator.store.peakActive = 0;
    await Promise.all(Array.from({ length: 6 }, (_, i) => engine.execute(`select ${i} as i`)));
    expect(emulator.store.peakActive).toBeLessThanOrEqual(2);

    await engine.close();
    await openEngine({ maxConcurrentStatements: 6 });
    emulator.faults.set({ runDelayMs: 20, maxActiveStatements: 1 });
    const refused = emulator.errors.ActiveStatementsExceededException ?? 0;
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => engine.execute(`select ${i} as i`)));
    expect(results.map((r) => r.rows[0]!.i)).toEqual([0, 1, 2, 3, 4]);
    expect(emulator.errors.ActiveStatementsExceededException).toBeGreaterThan(refused);
  });

  it('cancels the statement when the build is interrupted; its work is rolled back', async () => {
    await openEngine();
    emulator.faults.set({ runDelayMs: 300 });
    const controller = new AbortController();
    const running = engine.execute(`create table ${schema}.slow as select 1 as id`, { signal: controller.signal });
    await waitFor(() => statuses(`create table ${schema}.slow`)[0] === 'STARTED');
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    // the engine waited for the cancel to settle before giving up the statement
    expect(statuses(`create table ${schema}.slow`)).toEqual(['ABORTED']);
    emulator.faults.set({ runDelayMs: 0 });
    expect(await engine.getRelation({ schema, identifier: 'slow' })).toBeNull();
    expect(emulator.calls.CancelStatement).toBeGreaterThan(0);
  });

  it('cancels and fails a statement that runs past query_timeout_seconds', async () => {
    await openEngine({ queryTimeoutSeconds: 0.05 });
    emulator.faults.set({ runDelayMs: 400 });
    await expect(engine.execute(`create table ${schema}.late as select 1 as id`)).rejects.toThrow(/did not finish within 0.05s/);
    expect(statuses(`create table ${schema}.late`)).toEqual(['ABORTED']);
  });

  it('an interrupted transaction longer than a batch is cancelled and rolled back in its session', async () => {
    await openEngine();
    await engine.execute(`create table ${schema}.long (id int)`);
    emulator.faults.set({ runDelayMs: 30 });
    const controller = new AbortController();
    const inserts = Array.from({ length: 45 }, (_, i) => `insert into ${schema}.long values (${i})`);
    const running = engine.transaction(inserts, { signal: controller.signal });
    await waitFor(() => statuses(`insert into ${schema}.long values (3)`)[0] === 'STARTED');
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    emulator.faults.set({ runDelayMs: 0 });
    // the session's ROLLBACK ran: nothing is left over and other statements are not kept waiting
    expect((await engine.execute(`select count(*) as n from ${schema}.long`)).rows).toEqual([{ n: 0 }]);
  });

  it('surfaces a statement the operator aborted on the cluster', async () => {
    await openEngine();
    emulator.faults.abortStatement(/aborted_by_operator/);
    await expect(engine.execute('select 1 as aborted_by_operator')).rejects.toThrow(/was aborted on the cluster/);
  });

  it('introspects tables, late-binding views (also while their table is missing) and columns', async () => {
    await openEngine();
    await engine.execute(`create table ${schema}.base as select 1 as id, 'x'::varchar(20) as name, 1.5::numeric(8,2) as amount`);
    await engine.execute(`create view ${schema}.lbv as select id, name from ${schema}.base with no schema binding`);
    await engine.execute(`create view ${schema}.orphan as select * from ${schema}.not_yet with no schema binding`);
    expect(await engine.listRelations(schema)).toEqual([
      { schema, identifier: 'base', type: 'table' },
      { schema, identifier: 'lbv', type: 'view' },
      { schema, identifier: 'orphan', type: 'view' },
    ]);
    expect(await engine.getColumns({ schema, identifier: 'base' })).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'name', type: 'VARCHAR(20)' },
      { name: 'amount', type: 'NUMERIC(8,2)' },
    ]);
    expect(await engine.getColumns({ schema, identifier: 'lbv' })).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'name', type: 'VARCHAR(20)' },
    ]);
    await expect(engine.execute(`select * from ${schema}.orphan`)).rejects.toThrow(`relation "${schema}.not_yet" does not exist`);
    await engine.execute(`create table ${schema}.not_yet as select 42 as answer`);
    expect((await engine.execute(`select * from ${schema}.orphan`)).rows).toEqual([{ answer: 42 }]);
    const tables = await engine.db.introspection.getTables();
    expect(tables.filter((t) => t.schema === schema).map((t) => [t.name, t.isView])).toEqual([
      ['base', false],
      ['lbv', true],
      ['not_yet', false],
      ['orphan', true],
    ]);
  });

  it('a late-binding view follows a table swapped in by renames; a schema-bound one blocks the swap', async () => {
    await openEngine();
    const d = engine.dialect;
    const rel = (identifier: string) => ({ schema, identifier });
    await engine.execute(d.createTableAs(rel('t'), "select 'old' as v"));
    await engine.execute(d.createViewAs(rel('late'), `select v from ${d.quoteRelation(rel('t'))}`));
    const swap = () => [
      d.renameRelation(rel('t'), 't__keel_backup', 'table'),
      d.renameRelation(rel('t__keel_tmp'), 't', 'table'),
      d.dropRelation(rel('t__keel_backup'), 'table'),
    ];
    await engine.execute(d.createTableAs(rel('t__keel_tmp'), "select 'new' as v"));
    await engine.transaction(swap());
    expect((await engine.execute(`select v from ${schema}.late`)).rows).toEqual([{ v: 'new' }]);

    await engine.execute(d.createViewAs(rel('bound'), `select v from ${d.quoteRelation(rel('t'))}`, { config: { bind: true } }));
    await engine.execute(d.createTableAs(rel('t__keel_tmp'), "select 'newer' as v"));
    await expect(engine.transaction(swap())).rejects.toThrow(/depend/);
    expect((await engine.execute(`select v from ${schema}.t`)).rows).toEqual([{ v: 'new' }]);
    expect((await engine.execute(`select v from ${schema}.late`)).rows).toEqual([{ v: 'new' }]);
  });

  it('keeps two builds off the target with a lock row; a stale holder is taken over', async () => {
    await openEngine();
    const holder = (invocationId: string, startedAt = new Date()) => ({
      pid: 42,
      host: 'ci-1',
      invocationId,
      command: 'build',
      startedAt: startedAt.toISOString(),
    });
    const first = await engine.tryAcquireLock(holder('run-1', new Date('2025-06-01T08:00:00.000Z')), { maxAgeSeconds: 10 ** 9 });
    expect(first.acquired).toBe(true);
    const second = await engine.tryAcquireLock(holder('run-2'), { maxAgeSeconds: 10 ** 9 });
    expect(second).toEqual({
      acquired: false,
      holder: { pid: 42, host: 'ci-1', invocationId: 'run-1', command: 'build', startedAt: '2025-06-01T08:00:00.000Z' },
    });
    const third = await engine.tryAcquireLock(holder('run-3'), { maxAgeSeconds: 3600 });
    expect(third.acquired).toBe(true);
    if (first.acquired) await first.release();
    expect((await engine.tryAcquireLock(holder('run-4'), { maxAgeSeconds: 3600 })).acquired).toBe(false);
    // another target schema in the same database has a lock of its own
    const neighbour = emulatedEngine(emulator, { schema: `${schema}_other` });
    await neighbour.open();
    expect((await neighbour.tryAcquireLock(holder('run-5'), { maxAgeSeconds: 3600 })).acquired).toBe(true);
    await neighbour.close();
    if (third.acquired) await third.release();
    expect((await engine.tryAcquireLock(holder('run-4'), { maxAgeSeconds: 3600 })).acquired).toBe(true);
  });

  it('sends the Serverless workgroup instead of cluster and user', async () => {
    await openEngine({ clusterIdentifier: undefined, dbUser: undefined, workgroupName: 'analytics-wg' });
    await engine.execute('select 1 as one');
    const last = [...emulator.store.all.values()].at(-1)!;
    expect(last.connection).toEqual({ WorkgroupName: 'analytics-wg', Database: 'dev' });
  });

  it('rejects a statement longer than the Data API takes, with the service message', async () => {
    await openEngine();
    await expect(engine.execute(`select '${'x'.repeat(100_001)}' as big`)).rejects.toThrow(/larger than 100kB/);
  });
});

describe('redshift target config', () => {
  const base = { region: 'us-east-1', database: 'dev', schema: 'analytics' };
  it('takes a provisioned cluster with db_user or secret_arn, or a Serverless workgroup', () => {
    expect(redshiftConfigFromTarget({ ...base, cluster_identifier: 'c', db_user: 'u', threads: 8 }, 4)).toMatchObject({
      clusterIdentifier: 'c',
      dbUser: 'u',
      maxConcurrentStatements: 8,
    });
    expect(redshiftConfigFromTarget({ ...base, workgroup_name: 'wg', max_concurrent_statements: 3 }, 4)).toMatchObject({
      workgroupName: 'wg',
      maxConcurrentStatements: 3,
    });
    expect(() => redshiftConfigFromTarget({ ...base, cluster_identifier: 'c', workgroup_name: 'wg', db_user: 'u' }, 4)).toThrow(/not both/);
    expect(() => redshiftConfigFromTarget({ ...base }, 4)).toThrow(/cluster_identifier \(provisioned\) or workgroup_name/);
    expect(() => redshiftConfigFromTarget({ ...base, cluster_identifier: 'c' }, 4)).toThrow(/db_user .* or secret_arn/);
    expect(() => redshiftConfigFromTarget({ ...base, workgroup_name: 'wg', db_user: 'u' }, 4)).toThrow(/Serverless/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
