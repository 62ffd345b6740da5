import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { streamBatches } from '../../src/sync/sql/stream.js';

describe('streamBatches', () => {
  it('gives every row once, in order, in bounded batches, with the engine method and without it', async () => {
    const engine = new DuckDBEngine({ path: ':memory:', threads: 2 });
    await engine.open();
    try {
      const query = () =>
        engine.db
          .selectFrom(sql`range(${sql.lit(5000)})`.as('t'))
          .select(sql<number>`range`.as('i'))
          .orderBy('i', 'desc');
      for (const e of [engine, { ...engine, db: engine.db, streamBatches: undefined } as unknown as DuckDBEngine]) {
        const sizes: number[] = [];
        const seen: number[] = [];
        for await (const batch of streamBatches(e, query())) {
          sizes.push(batch.length);
          for (const r of batch as Array<{ i: number }>) seen.push(r.i);
        }
        expect(seen).toEqual(Array.from({ length: 5000 }, (_, k) => 4999 - k));
        expect(Math.max(...sizes)).toBeLessThanOrEqual(2048);
      }
      // the connection went back to the pool: the engine still answers
      expect((await engine.execute('select 42 as x')).rows).toEqual([{ x: 42 }]);
    } finally {
      await engine.close();
    }
  });

  it('gives every column of a row, and lets go of its connection when the reader stops early', async () => {
    // one connection: a reader that kept it would leave the next statement waiting forever
    const engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
    await engine.open();
    try {
      const query = engine.db
        .selectFrom(sql`range(${sql.lit(10_000)})`.as('t'))
        .select([sql<number>`range`.as('i'), sql<string>`'id-' || range`.as('s')])
        .orderBy('i');
      for await (const batch of streamBatches(engine, query)) {
        expect(batch[1]).toEqual({ i: 1, s: 'id-1' });
        break;
      }
      expect((await engine.execute('select 42 as x')).rows).toEqual([{ x: 42 }]);
    } finally {
      await engine.close();
    }
  });
});
