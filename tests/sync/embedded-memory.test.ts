import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { boundEmbeddedMemory } from '../../src/sync/embedded-memory.js';

describe('the sync caps its embedded DuckDB', () => {
  it('sets a cap per phase, and runs work that ran out of memory once more with four times the room', async () => {
    const engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
    await engine.open();
    try {
      const limit = async () => (await sql<{ l: string }>`select current_setting('memory_limit') as l`.execute(engine.db)).rows[0]!.l;
      const notes: string[] = [];
      const memory = await boundEmbeddedMemory(engine, { KEEL_SYNC_DUCKDB_MEMORY: '100MB' }, (m) => notes.push(m));
      expect(await limit()).toMatch(/^(95\.3 MiB|100\.0 MB|100MB)$/);
      let calls = 0;
      const result = await memory.retryOnOom(async () => {
        if (++calls === 1) throw new Error('Out of Memory Error: could not allocate block of size 256.0 KiB');
        return 'done';
      });
      expect([result, calls]).toEqual(['done', 2]);
      expect(notes).toEqual(['DuckDB needed more than its memory cap; running again with 400 MB']);
      await expect(
        memory.retryOnOom(async () => {
          throw new Error('Binder Error: nope');
        }),
      ).rejects.toThrow('Binder Error');
      await expect(boundEmbeddedMemory(engine, { KEEL_SYNC_DUCKDB_MEMORY: 'lots' }, () => {})).rejects.toThrow('KEEL_SYNC_DUCKDB_MEMORY must be a size');
      // without the variable: one thread, 96 MB to plan, 32 MB to deliver
      const phases = await boundEmbeddedMemory(engine, {}, () => {});
      const setting = async (name: string) => (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(engine.db)).rows[0]!.v;
      expect(String(await setting('threads'))).toBe('1');
      expect(await phases.retryOnOom(() => limit(), 'plan')).toMatch(/^(91\.5 MiB|96\.0 MB)$/);
      expect(await phases.retryOnOom(() => limit(), 'deliver')).toMatch(/^(30\.5 MiB|32\.0 MB)$/);
      // running out while delivering raises the delivery's budget only
      let ranOut = false;
      const outOnce = async () => {
        if (!ranOut) {
          ranOut = true;
          throw new Error('Out of Memory Error: failed to pin block of size 256.0 KiB');
        }
        return limit();
      };
      expect(await phases.retryOnOom(outOnce, 'deliver')).toMatch(/^(122\.0 MiB|128\.0 MB)$/);
      expect(await phases.retryOnOom(() => limit(), 'plan')).toMatch(/^(91\.5 MiB|96\.0 MB)$/);
    } finally {
      await engine.close();
    }
  });
});
