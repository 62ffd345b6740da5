import { sql } from 'kysely';
import { KeelError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';

/** Working memory a DuckDB thread needs for the sync's joins and aggregates without failing. */
const PER_THREAD_MB = 48;
const FLOOR_MB = 96;
const OUT_OF_MEMORY = /Out of Memory Error/i;

/** The sync's budget for an embedded DuckDB, and the way out when a statement needs more. */
export interface EmbeddedMemory {
  /** runs `work`; a DuckDB out-of-memory error raises the budget fourfold and runs it once more */
  retryOnOom<T>(work: () => Promise<T>): Promise<T>;
}

const unbounded: EmbeddedMemory = { retryOnOom: (work) => work() };

/**
 * An embedded DuckDB works inside this process and by default takes up to 80 % of the machine's
 * memory for caches, joins and sorts. A sync that opened its own instance caps it (DuckDB spills to
 * disk beyond the cap), so a million-member sync stays in a few hundred MB. Each thread needs some
 * working memory of its own, so the cap grows with DuckDB's threads; `KEEL_SYNC_DUCKDB_MEMORY` sets
 * it outright. The work of a sync is idempotent (plans and acknowledgements are transactions, files
 * are rewritten whole), so a statement that still runs out is simply run again with more room.
 */
export async function boundEmbeddedMemory(engine: Engine, env: NodeJS.ProcessEnv, note: (m: string) => void): Promise<EmbeddedMemory> {
  if (engine.type !== 'duckdb') return unbounded;
  let mb: number;
  const configured = env.KEEL_SYNC_DUCKDB_MEMORY;
  if (configured) {
    const m = /^(\d+)\s*(MB|GB)$/i.exec(configured.trim());
    if (!m) throw new KeelError(`KEEL_SYNC_DUCKDB_MEMORY must be a size in MB or GB such as 512MB, got '${configured}'`);
    mb = Number(m[1]) * (m[2]!.toUpperCase() === 'GB' ? 1024 : 1);
  } else {
    const { rows } = await sql<{ threads: number }>`select current_setting('threads') as threads`.execute(engine.db);
    mb = Math.max(FLOOR_MB, PER_THREAD_MB * Number(rows[0]?.threads ?? 1));
  }
  const apply = () => sql`set memory_limit = ${sql.lit(`${mb}MB`)}`.execute(engine.db);
  await apply();
  return {
    async retryOnOom(work) {
      try {
        return await work();
      } catch (e) {
        if (!(e instanceof Error) || !OUT_OF_MEMORY.test(e.message)) throw e;
        mb *= 4;
        note(`DuckDB needed more than its memory cap; running again with ${mb} MB`);
        await apply();
        return work();
      }
    },
  };
}
