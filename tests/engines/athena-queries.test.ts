import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AthenaEngine, AthenaQueryError, MIN_BILLED_BYTES, requestToken } from '../../src/engines/athena/index.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { retryableFailure, userFailure } from '../emulators/athena/faults.js';
import { athenaEngine, startEmulator } from '../emulators/athena/test-support.js';

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 7 });
});
afterAll(async () => emulator?.close());
afterEach(() => emulator.heal());

async function withEngine<T>(work: (engine: ReturnType<typeof athenaEngine>) => Promise<T>, overrides = {}): Promise<T> {
  const engine = athenaEngine(emulator.endpoint, overrides);
  await engine.open();
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

const executionsOf = (sql: string) => [...emulator.athena.executions.values()].filter((e) => e.sql === sql);

describe('Athena query lifecycle (real SDK client against the emulator)', () => {
  it('reads every page of a result, skips the header row and converts values by ColumnInfo type', async () => {
    const sql = `SELECT n, CAST(n AS BIGINT) * 1000000000000 AS big, n / 4 AS quarter, CAST(n AS DOUBLE) / 4 AS exact,
      CAST(n AS DECIMAL(10, 2)) / 100 AS money, n % 2 = 0 AS even, CAST('2025-01-01' AS DATE) AS day,
      date_add('millisecond', n, TIMESTAMP '2025-01-01 00:00:00') AS at, CASE WHEN n % 3 = 0 THEN NULL ELSE 'v' || CAST(n AS VARCHAR) END AS label,
      9007199254740993 AS huge
      FROM UNNEST(sequence(1, 2500)) AS t(n) ORDER BY n`;
    await withEngine(async (engine) => {
      const r = await engine.execute(sql);
      expect(r.rows).toHaveLength(2500);
      expect(r.columns.map((c) => c.type)).toEqual([
        'BIGINT',
        'BIGINT',
        'BIGINT',
        'DOUBLE',
        expect.any(String),
        'BOOLEAN',
        'DATE',
        'TIMESTAMP',
        'VARCHAR',
        'BIGINT',
      ]);
      expect(r.rows[0]).toEqual({
        n: 1,
        big: 1_000_000_000_000,
        // Trino divides integers as integers
        quarter: 0,
        exact: 0.25,
        money: 0.01,
        even: false,
        day: '2025-01-01',
        at: new Date('2025-01-01T00:00:00.001Z'),
        label: 'v1',
        huge: '9007199254740993',
      });
      expect(r.rows[2]!.label).toBeNull();
      expect(r.rows[2499]!.n).toBe(2500);
    });
    // 2,500 rows and the header row: three pages of at most 1,000
    const pages = emulator.calls.filter((c) => c.action === 'GetQueryResults');
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('resends a throttled or unanswered StartQueryExecution with the same token, so no query runs twice', async () => {
    emulator.faults = { throttleRate: 0.3, lostStartResponseRate: 0.3 };
    const statements = Array.from({ length: 40 }, (_, i) => `SELECT ${i} AS i`);
    await withEngine(async (engine) => {
      const results = await Promise.all(statements.map((sql, i) => engine.execute(sql, { label: `model.t.m${i % 4}` })));
      expect(results.map((r) => r.rows[0]!.i)).toEqual(statements.map((_, i) => i));
    });
    const starts = emulator.calls.filter((c) => c.action === 'StartQueryExecution' && statements.includes(c.sql!));
    const refused = starts.filter((c) => c.outcome !== 'ok');
    expect(refused.some((c) => c.outcome === 'ThrottlingException' || c.outcome === 'TooManyRequestsException')).toBe(true);
    expect(refused.some((c) => c.outcome === 'InternalServerException')).toBe(true);
    for (const sql of statements) {
      expect(executionsOf(sql)).toHaveLength(1);
      const tokens = new Set(starts.filter((c) => c.sql === sql).map((c) => c.token));
      expect(tokens.size).toBe(1);
    }
    expect(Math.max(...emulator.athena.startsByToken.values())).toBe(1);
  });

  it("takes the run's invocation id for its tokens, and never reuses one after a reopen", async () => {
    const engine = new AthenaEngine(athenaEngine(emulator.endpoint).settings, { invocationId: 'run-1' });
    const from = emulator.calls.length;
    for (const n of [1, 2]) {
      await engine.open();
      await engine.execute(`SELECT ${n} AS n`, { label: 'model.t.m' });
      await engine.close();
    }
    const tokens = emulator.calls
      .slice(from)
      .filter((c) => c.action === 'StartQueryExecution')
      .map((c) => c.token);
    expect(engine.invocationId).toBe('run-1');
    expect(tokens).toEqual([requestToken('run-1', 'model.t.m', 1, 0), requestToken('run-1', 'model.t.m', 2, 0)]);
  });

  it('runs a query again, with a new token, only when Athena marks its failure retryable', async () => {
    const flaky = 'SELECT 41 + 1 AS answer';
    const broken = 'SELECT 1 AS never';
    emulator.faults = {
      failQuery: (q) =>
        q.sql === flaky && q.earlierRuns < 3
          ? { failure: retryableFailure() }
          : q.sql === broken
            ? { failure: userFailure("COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved") }
            : undefined,
    };
    await withEngine(async (engine) => {
      expect((await engine.execute(flaky)).rows).toEqual([{ answer: 42 }]);
      const error = await engine.execute(broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AthenaQueryError);
      expect((error as AthenaQueryError).message).toMatch(/COLUMN_NOT_FOUND.*USER error/);
      expect((error as AthenaQueryError).retryable).toBe(false);
    });
    const runs = executionsOf(flaky);
    expect(runs.map((e) => e.state)).toEqual(['FAILED', 'FAILED', 'FAILED', 'SUCCEEDED']);
    expect(new Set(runs.map((e) => e.token)).size).toBe(4);
    expect(executionsOf(broken)).toHaveLength(1);
  });

  it('stops the query on Athena when the caller aborts', async () => {
    const sql = 'SELECT 2 AS held';
    let seen!: () => void;
    const queued = new Promise<void>((resolve) => (seen = resolve));
    emulator.faults = {
      holdQueued: (q) => {
        if (q.sql !== sql) return false;
        seen();
        return true;
      },
    };
    const controller = new AbortController();
    await withEngine(async (engine) => {
      const running = engine.execute(sql, { signal: controller.signal });
      await queued;
      controller.abort();
      await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    });
    expect(executionsOf(sql).map((e) => e.state)).toEqual(['CANCELLED']);
    expect(emulator.calls.some((c) => c.action === 'StopQueryExecution')).toBe(true);
  });

  it('stops a query that outlives query_timeout_seconds', async () => {
    const sql = 'SELECT 3 AS slow';
    emulator.faults = { holdQueued: (q) => q.sql === sql };
    await withEngine(
      async (engine) => {
        await expect(engine.execute(sql)).rejects.toThrow(/query_timeout_seconds/);
      },
      { query_timeout_seconds: 0.05 },
    );
    expect(executionsOf(sql).map((e) => e.state)).toEqual(['CANCELLED']);
  });

  it('reports bytes scanned, engine time and cost: DML billed at least 10 MB, DDL free', async () => {
    await withEngine(async (engine) => {
      await engine.ensureSchema('costs');
      const ddl = await engine.execute('CREATE DATABASE IF NOT EXISTS `costs`');
      expect(ddl.stats).toMatchObject({ bytesScanned: 0, costUsd: 0 });
      await engine.execute(
        `CREATE TABLE "costs"."numbers" WITH (table_type = 'ICEBERG', is_external = false, location = 's3://keel-lake/costs/numbers/') AS SELECT n, n + 1 AS a, n + 2 AS b, n + 3 AS c, n + 4 AS d, n + 5 AS e, n + 6 AS f, n + 7 AS g FROM UNNEST(sequence(1, 200000)) AS t(n)`,
      );
      const scan = await engine.execute('SELECT count(*) AS c FROM "costs"."numbers"');
      expect(scan.rows).toEqual([{ c: 200000 }]);
      expect(scan.stats!.bytesScanned).toBeGreaterThan(MIN_BILLED_BYTES);
      expect(scan.stats!.engineMs).toBeGreaterThan(0);
      const billedMb = Math.ceil(scan.stats!.bytesScanned! / 2 ** 20);
      expect(scan.stats!.costUsd).toBeCloseTo((billedMb / 2 ** 20) * 5, 12);
      const tiny = await engine.execute('SELECT 1 AS one');
      expect(tiny.stats!.costUsd).toBeCloseTo((MIN_BILLED_BYTES / 2 ** 40) * 5, 12);
    });
    await withEngine(async (engine) => expect((await engine.execute('SELECT 1 AS one')).stats!.costUsd).toBeCloseTo((MIN_BILLED_BYTES / 2 ** 40) * 7, 12), {
      price_per_tb_usd: 7,
    });
  });

  it('speaks both of Athena grammars: Hive DDL with backquotes, Trino SQL with double quotes', async () => {
    await withEngine(async (engine) => {
      const rel = { schema: 'grammar', identifier: 'gone' };
      await engine.ensureSchema('grammar');
      await expect(engine.execute('DROP TABLE IF EXISTS "grammar"."gone"')).rejects.toThrow(/ParseException/);
      await expect(engine.execute('SELECT 1 FROM `grammar`.`gone`')).rejects.toThrow(/backquoted identifiers are not supported/);
      await engine.execute(engine.dialect.dropRelation(rel, 'table'));
      await engine.execute(engine.dialect.dropRelation(rel, 'view'));
    });
  });
});
