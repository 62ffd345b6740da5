import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { boundEmbeddedMemory } from '../../src/sync/embedded-memory.js';

describe('the sync caps its embedded DuckDB', () => {
  it('sets a cap, and runs work that ran out of memory once more with four times the room', async () => {
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
      await expect(memory.retryOnOom(async () => { throw new Error('Binder Error: nope'); })).rejects.toThrow('Binder Error');
      await expect(boundEmbeddedMemory(engine, { KEEL_SYNC_DUCKDB_MEMORY: 'lots' }, () => {})).rejects.toThrow('KEEL_SYNC_DUCKDB_MEMORY must be a size');
      // without the variable the cap follows DuckDB's threads, 96 MB at least
      await boundEmbeddedMemory(engine, {}, () => {});
      expect(await limit()).toMatch(/^(91\.5 MiB|96\.0 MB)$/);
    } finally {
      await engine.close();
    }
  });
});
