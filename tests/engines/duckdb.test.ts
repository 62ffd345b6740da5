import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Relation } from '../../src/core/relation.js';
import { createDuckDBEngine, DuckDBDialect, type DuckDBEngine } from '../../src/engines/duckdb/index.js';

let dir: string;
let dbPath: string;
let engine: DuckDBEngine;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-'));
  dbPath = path.join(dir, 'nested', 'warehouse.duckdb');
  engine = createDuckDBEngine({ path: dbPath, schema: 'analytics', threads: 4 });
  await engine.open();
});

afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rel = (identifier: string, schema = 'analytics'): Relation => ({ schema, identifier });

async function rows(query: string): Promise<Record<string, unknown>[]> {
  return (await engine.execute(query)).rows;
}

describe('DuckDBEngine', () => {
  it('creates the file in a missing directory and the target schema', async () => {
    expect(fs.existsSync(dbPath)).toBe(true);
    await engine.execute('create table t as select 1 as x');
    // unqualified names resolve to the target schema
    expect(await engine.getRelation(rel('t'))).toEqual({ schema: 'analytics', identifier: 't', type: 'table' });
  });

  it('runs multi-statement SQL and returns the last result with column types and plain JS values', async () => {
    const result = await engine.execute(`
      create table analytics.v as select 1 as id;
      select 42::bigint as big, 9007199254740993::bigint as huge, 1.25::decimal(10,2) as amount,
             date '2024-03-01' as day, timestamp '2024-03-01 12:34:56.789' as ts, 'x' as s, null::int as n`);
    expect(result.columns).toEqual([
      { name: 'big', type: 'BIGINT' },
      { name: 'huge', type: 'BIGINT' },
      { name: 'amount', type: 'DECIMAL(10,2)' },
      { name: 'day', type: 'DATE' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 's', type: 'VARCHAR' },
      { name: 'n', type: 'INTEGER' },
    ]);
    expect(result.rows).toEqual([
      { big: 42, huge: '9007199254740993', amount: 1.25, day: '2024-03-01', ts: new Date('2024-03-01T12:34:56.789Z'), s: 'x', n: null },
    ]);
  });

  it('reports rowsAffected for DML', async () => {
    await engine.execute('create table t (id int)');
    expect((await engine.execute('insert into t select * from range(5)')).rowsAffected).toBe(5);
    expect((await engine.execute('delete from t where id < 2')).rowsAffected).toBe(2);
    expect(await engine.execute('create table u (id int)')).toEqual({ columns: [], rows: [] });
  });

  it('rethrows DuckDB errors with their message', async () => {
    await expect(engine.execute('select * from no_such_table')).rejects.toThrow(/Catalog Error: Table with name no_such_table does not exist/);
  });

  it('round-trips Kysely queries with bound parameters, including quotes', async () => {
    await engine.db.schema.withSchema('analytics').createTable('people').addColumn('id', 'integer').addColumn('name', 'varchar').execute();
    const tricky = `O'Brien "the; DROP TABLE people; --`;
    const inserted = await engine.db
      .withSchema('analytics')
      .insertInto('people')
      .values([
        { id: 1, name: tricky },
        { id: 2, name: 'plain' },
      ])
      .executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);

    const found = await engine.db.withSchema('analytics').selectFrom('people').selectAll().where('name', '=', tricky).execute();
    expect(found).toEqual([{ id: 1, name: tricky }]);

    const returned = await engine.db
      .withSchema('analytics')
      .updateTable('people')
      .set({ name: 'renamed' })
      .where('id', '=', 2)
      .returning(['id', 'name'])
      .execute();
    expect(returned).toEqual([{ id: 2, name: 'renamed' }]);

    const at = new Date('2024-05-06T07:08:09.010Z');
    const { rows: echoed } = await sql<{ ts: Date; n: number }>`select ${at}::timestamp as ts, ${7} + 1 as n`.execute(engine.db);
    expect(echoed).toEqual([{ ts: at, n: 8 }]);
  });

  it('commits and rolls back Kysely transactions on one connection', async () => {
    await engine.execute('create table t (id int)');
    await expect(
      engine.db.transaction().execute(async (trx) => {
        await trx.insertInto('analytics.t').values({ id: 1 }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await engine.db.transaction().execute((trx) => trx.insertInto('analytics.t').values({ id: 2 }).execute());
    expect(await rows('select id from t')).toEqual([{ id: 2 }]);
  });

  it('introspects tables, views and columns through information_schema', async () => {
    await engine.execute(`
      create table analytics.orders (id bigint, amount decimal(18,3), placed_at timestamp, note varchar);
      create view analytics.big_orders as select * from analytics.orders where amount > 100;
      create schema other; create table other.orders (x int);`);

    expect(await engine.listRelations('analytics')).toEqual([
      { schema: 'analytics', identifier: 'big_orders', type: 'view' },
      { schema: 'analytics', identifier: 'orders', type: 'table' },
    ]);
    expect(await engine.getRelation(rel('big_orders'))).toEqual({ schema: 'analytics', identifier: 'big_orders', type: 'view' });
    expect(await engine.getRelation(rel('ORDERS'))).toEqual({ schema: 'analytics', identifier: 'orders', type: 'table' });
    expect(await engine.getRelation(rel('missing'))).toBeNull();
    expect(await engine.getColumns(rel('orders'))).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'amount', type: 'DECIMAL(18,3)' },
      { name: 'placed_at', type: 'TIMESTAMP' },
      { name: 'note', type: 'VARCHAR' },
    ]);
    expect(await engine.getColumns(rel('orders', 'other'))).toEqual([{ name: 'x', type: 'INTEGER' }]);

    const tables = await engine.db.introspection.getTables();
    expect(tables.map((t) => [t.schema, t.name, t.isView])).toEqual([
      ['analytics', 'big_orders', true],
      ['analytics', 'orders', false],
      ['other', 'orders', false],
    ]);
  });

  it('ensureSchema creates a schema once', async () => {
    await engine.ensureSchema('staging');
    await engine.ensureSchema('staging');
    await engine.execute('create table staging.t as select 1 as x');
    expect(await engine.listRelations('staging')).toEqual([{ schema: 'staging', identifier: 't', type: 'table' }]);
  });

  it('rolls back every statement of a transaction when one fails', async () => {
    await engine.execute("create table t as select 1 as id, 'old' as v");
    await expect(
      engine.transaction(["insert into t values (2, 'new')", "update t set v = 'changed'", 'select * from no_such_table', 'delete from t']),
    ).rejects.toThrow(/no_such_table/);
    expect(await rows('select * from t order by id')).toEqual([{ id: 1, v: 'old' }]);
    // the connection is usable again, outside any transaction
    await engine.transaction(["insert into t values (3, 'later')"]);
    expect(await rows('select id from t order by id')).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('serves other queries while a transaction holds its connection', async () => {
    await engine.execute('create table t (id int)');
    const [results, other] = await Promise.all([
      engine.transaction(['insert into t values (1)', 'select count(*)::int as n from t']),
      engine.execute('select 5 as five'),
    ]);
    expect(results[1].rows).toEqual([{ n: 1 }]);
    expect(other.rows).toEqual([{ five: 5 }]);
  });

  it('runs independent statements in parallel on several connections', async () => {
    await engine.execute('create table t (worker int, i bigint)');
    await Promise.all(Array.from({ length: 8 }, (_, w) => engine.execute(`insert into t select ${w}, i from range(20000) r(i)`)));
    expect(await rows('select count(distinct worker)::int as workers, count(*)::int as n from t')).toEqual([{ workers: 8, n: 160000 }]);

    // a statement completes while another still runs: with a single connection this would wait forever
    const controller = new AbortController();
    const long = engine.execute('select count(*) from range(100000000000) a', { signal: controller.signal });
    const longSettled = long.catch((e: Error) => e);
    expect(await rows('select count(*)::int as n from t')).toEqual([{ n: 160000 }]);
    controller.abort();
    expect(await longSettled).toMatchObject({ name: 'AbortError' });
  });

  it('interrupts a running query on abort and stays usable', async () => {
    const controller = new AbortController();
    const long = engine.execute('select count(*) from range(100000000000) a', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const error = await long.catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(String((error as Error).cause)).toMatch(/INTERRUPT/);
    // every pooled connection still works, including the interrupted one
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => engine.execute(`select ${i} as i`)));
    expect(results.map((r) => r.rows[0].i)).toEqual([0, 1, 2, 3]);
  });

  it('interrupts statements still queued behind busy worker threads', async () => {
    // libuv runs 4 native statements at a time by default; the rest start later and must still see the abort
    const wide = createDuckDBEngine({ path: path.join(dir, 'wide.duckdb'), threads: 8 });
    await wide.open();
    try {
      const controllers = Array.from({ length: 8 }, () => new AbortController());
      const settled = controllers.map((c) => wide.execute('select count(*) from range(100000000000) a', { signal: c.signal }).catch((e: Error) => e));
      setTimeout(() => controllers.forEach((c) => c.abort()), 50);
      for (const outcome of await Promise.all(settled)) expect(outcome).toMatchObject({ name: 'AbortError' });
      expect((await wide.execute('select 1 as x')).rows).toEqual([{ x: 1 }]);
    } finally {
      await wide.close();
    }
  });

  it('rejects without running when the signal is already aborted', async () => {
    await engine.execute('create table t (id int)');
    const controller = new AbortController();
    controller.abort();
    await expect(engine.execute('insert into t values (1)', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(await rows('select * from t')).toEqual([]);
  });

  it('persists data after close and reopen', async () => {
    await engine.execute("create table t as select 1 as id, 'kept' as v");
    await engine.close();
    await expect(engine.execute('select 1')).rejects.toThrow(/not open/);
    await engine.open();
    expect(await rows('select * from analytics.t')).toEqual([{ id: 1, v: 'kept' }]);
    // the same Kysely instance follows the reopened database
    expect(await engine.db.selectFrom('analytics.t').select('v').execute()).toEqual([{ v: 'kept' }]);

    await engine.close();
    const other = createDuckDBEngine({ path: dbPath });
    await other.open();
    try {
      expect((await other.execute('select v from analytics.t')).rows).toEqual([{ v: 'kept' }]);
    } finally {
      await other.close();
      await engine.open();
    }
  });

  it('works in memory', async () => {
    const memory = createDuckDBEngine({ path: ':memory:' });
    await memory.open();
    try {
      expect((await memory.execute('select 1 as x')).rows).toEqual([{ x: 1 }]);
      expect(await memory.getRelation({ schema: 'main', identifier: 'nope' })).toBeNull();
    } finally {
      await memory.close();
    }
  });
});

describe('DuckDBDialect on a DuckDB file', () => {
  const d = () => engine.dialect;

  it('quotes identifiers and literals', () => {
    const dialect = new DuckDBDialect();
    expect(dialect.quoteIdentifier('a"b')).toBe('"a""b"');
    expect(dialect.quoteRelation({ schema: 's', identifier: 't"x' })).toBe('"s"."t""x"');
    expect(dialect.quoteRelation({ database: 'db', schema: 's', identifier: 't' })).toBe('"db"."s"."t"');
    expect(dialect.literal("it's")).toBe("'it''s'");
    expect(dialect.literal(1.5)).toBe('1.5');
    expect(dialect.literal(true)).toBe('true');
    expect(dialect.literal(null)).toBe('null');
    expect(dialect.type('string')).toBe('VARCHAR');
    expect(dialect.type('timestamp')).toBe('TIMESTAMP');
  });

  it('round-trips an identifier containing a double quote', async () => {
    const weird = rel('my "odd" model');
    await engine.execute(d().createTableAs(weird, `select 1 as ${d().quoteIdentifier('col "q"')}`));
    expect(await engine.getRelation(weird)).toEqual({ ...weird, type: 'table' });
    expect(await engine.getColumns(weird)).toEqual([{ name: 'col "q"', type: 'INTEGER' }]);
    expect(await rows(`select * from ${d().quoteRelation(weird)}`)).toEqual([{ 'col "q"': 1 }]);
    expect((await rows(`select ${d().literal(`it's "x"`)} as v`))[0].v).toBe(`it's "x"`);
  });

  it('creates, renames and drops views and tables', async () => {
    await engine.execute(d().createTableAs(rel('t'), 'select 1 as id'));
    await engine.execute(d().createViewAs(rel('v'), 'select id from analytics.t'));
    await engine.execute(d().renameRelation(rel('v'), 'v2', 'view'));
    await engine.execute(d().renameRelation(rel('t'), 't2', 'table'));
    expect(await engine.listRelations('analytics')).toEqual([
      { schema: 'analytics', identifier: 't2', type: 'table' },
      { schema: 'analytics', identifier: 'v2', type: 'view' },
    ]);
    await engine.execute(d().dropRelation(rel('v2'), 'view'));
    await engine.execute(d().dropRelation(rel('t2'), 'table'));
    await engine.execute(d().dropRelation(rel('t2'), 'table')); // if exists
    expect(await engine.listRelations('analytics')).toEqual([]);
  });

  it('swaps two tables by renaming inside a transaction', async () => {
    await engine.execute(d().createTableAs(rel('orders'), "select 'old' as version"));
    await engine.execute(d().createTableAs(rel('orders__tmp'), "select 'new' as version"));
    await engine.transaction([
      d().renameRelation(rel('orders'), 'orders__backup', 'table'),
      d().renameRelation(rel('orders__tmp'), 'orders', 'table'),
      d().dropRelation(rel('orders__backup'), 'table'),
    ]);
    expect(await rows('select version from analytics.orders')).toEqual([{ version: 'new' }]);
    expect((await engine.listRelations('analytics')).map((r) => r.identifier)).toEqual(['orders']);
  });

  it('keeps a dependent view working after its table is swapped', async () => {
    await engine.execute(d().createTableAs(rel('orders'), 'select 1 as id'));
    await engine.execute(d().createViewAs(rel('orders_view'), 'select id * 10 as id10 from analytics.orders'));
    await engine.execute(d().createTableAs(rel('orders__tmp'), 'select 2 as id union all select 3'));
    await engine.transaction([
      d().renameRelation(rel('orders'), 'orders__backup', 'table'),
      d().renameRelation(rel('orders__tmp'), 'orders', 'table'),
      d().dropRelation(rel('orders__backup'), 'table'),
    ]);
    expect(await rows('select id10 from analytics.orders_view order by id10')).toEqual([{ id10: 20 }, { id10: 30 }]);
  });

  it('inserts from a select, with and without a column list', async () => {
    await engine.execute('create table analytics.t (a int, b varchar)');
    await engine.execute(d().insertInto(rel('t'), "select 1, 'x'"));
    await engine.execute(d().insertInto(rel('t'), "select 'y', 2", ['b', 'a']));
    expect(await rows('select * from analytics.t order by a')).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('merges by unique key: updates matches and inserts the rest', async () => {
    await engine.execute(`create table analytics.target as
      select * from (values (1, 'a', 'old'), (1, 'b', 'old'), (2, 'a', 'old')) v(id, region, status)`);
    await engine.execute(`create table analytics.updates as
      select * from (values (1, 'b', 'new'), (3, 'a', 'inserted')) v(id, region, status)`);
    const statements = d().merge(rel('target'), rel('updates'), ['id', 'region'], ['id', 'region', 'status']);
    const results = await engine.transaction(statements);
    expect(results.at(-1)?.rowsAffected).toBe(2);
    expect(await rows('select * from analytics.target order by id, region')).toEqual([
      { id: 1, region: 'a', status: 'old' },
      { id: 1, region: 'b', status: 'new' },
      { id: 2, region: 'a', status: 'old' },
      { id: 3, region: 'a', status: 'inserted' },
    ]);
  });

  it('merges only target rows inside incremental_predicates', async () => {
    await engine.execute(`create table analytics.target as
      select * from (values (1, 2024, 'old'), (2, 2025, 'old')) v(id, yr, status)`);
    await engine.execute(`create table analytics.updates as
      select * from (values (1, 2024, 'new'), (2, 2025, 'new')) v(id, yr, status)`);
    const statements = d().merge(rel('target'), rel('updates'), ['id'], ['id', 'yr', 'status'], { predicates: ['target.yr >= 2025'] });
    await engine.transaction(statements);
    // id 1 lies outside the predicate: never matched, so kept as is, and its new row is inserted
    expect(await rows('select * from analytics.target order by id, status')).toEqual([
      { id: 1, yr: 2024, status: 'new' },
      { id: 1, yr: 2024, status: 'old' },
      { id: 2, yr: 2025, status: 'new' },
    ]);
  });

  it('merges when every column is part of the key', async () => {
    await engine.execute('create table analytics.k as select 1 as id');
    await engine.execute('create table analytics.k_new as select * from range(3) r(id)');
    await engine.transaction(d().merge(rel('k'), rel('k_new'), ['id'], ['id']));
    expect(await rows('select id from analytics.k order by id')).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
  });

  it('rejects a table identifier Kysely would split', () => {
    expect(() => d().createTableAs(rel('a.b'), 'select 1')).toThrow(/invalid relation name/);
  });
});
