import { sql } from 'kysely';
import { KeelError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';

/**
 * The two things a sync does with its embedded DuckDB: planning joins and aggregates the members,
 * their history and the ledger; delivering sorts and streams the pinned delta into files, then
 * copies it into the ledger, and spills to disk at little cost.
 */
export type SyncPhase = 'plan' | 'deliver';

/**
 * DuckDB's working memory per phase, on one thread. The plan's cap leaves room over what a
 * million-member plan needs (BENCHMARKS.md, sync), as running out costs a second plan with four
 * times the cap. Delivering's cap is no lower because of the ledger copy: after a DELETE that ran
 * out of memory DuckDB 1.5 fails the same DELETE again in this process ("Conflict on tuple deletion").
 */
const BUDGET_MB: Record<SyncPhase, number> = { plan: 96, deliver: 32 };
const OUT_OF_MEMORY = /Out of Memory Error/i;

/** The sync's budget for an embedded DuckDB, and the way out when a statement needs more. */
export interface EmbeddedMemory {
  /** runs `work` within its phase's budget; a DuckDB out-of-memory error raises that budget fourfold and runs it once more */
  retryOnOom<T>(work: () => Promise<T>, phase?: SyncPhase): Promise<T>;
}

/** For an engine the sync does not bound: its settings are its owner's. */
export const unboundedMemory: EmbeddedMemory = { retryOnOom: (work) => work() };

/**
 * An embedded DuckDB works inside this process and by default takes up to 80 % of the machine's
 * memory for caches, joins and sorts, on every core. A sync that opened its own instance bounds it:
 * - one thread: each thread holds its own share of every hash table and sort, so a plan that fits
 *   on one thread can run out on two, and on a busy machine one is about as fast;
 * - a memory cap per phase, beyond which DuckDB spills to disk; its buffer pool fills up to the
 *   cap with cached table blocks whatever a statement needs. `KEEL_SYNC_DUCKDB_MEMORY` sets one
 *   cap for both phases;
 * - what a statement frees goes back to the system when it ends or the cap drops, instead of
 *   staying with DuckDB's allocator, where each phase would pile on the last.
 * The work of a sync is idempotent (plans and acknowledgements are transactions, files are
 * rewritten whole), so a statement that still runs out is simply run again with more room.
 */
export async function boundEmbeddedMemory(engine: Engine, env: NodeJS.ProcessEnv, note: (m: string) => void): Promise<EmbeddedMemory> {
  if (!engine.capabilities.embedded) return unboundedMemory;
  const budget = { ...BUDGET_MB };
  const configured = env.KEEL_SYNC_DUCKDB_MEMORY;
  if (configured) {
    const m = /^(\d+)\s*(MB|GB)$/i.exec(configured.trim());
    if (!m) throw new KeelError(`KEEL_SYNC_DUCKDB_MEMORY must be a size in MB or GB such as 512MB, got '${configured}'`);
    budget.plan = budget.deliver = Number(m[1]) * (m[2]!.toUpperCase() === 'GB' ? 1024 : 1);
  }
  for (const setting of [
    sql`set threads = 1`,
    sql`set allocator_background_threads = true`,
    sql`set allocator_flush_threshold = '1MB'`,
    sql`set allocator_bulk_deallocation_flush_threshold = '1MB'`,
  ]) {
    await setting.execute(engine.db);
  }
  const apply = (phase: SyncPhase) => sql`set memory_limit = ${sql.lit(`${budget[phase]}MB`)}`.execute(engine.db);
  await apply('plan');
  return {
    async retryOnOom(work, phase = 'plan') {
      await apply(phase);
      try {
        return await work();
      } catch (e) {
        if (!(e instanceof Error) || !OUT_OF_MEMORY.test(e.message)) throw e;
        budget[phase] *= 4;
        note(`DuckDB needed more than its memory cap; running again with ${budget[phase]} MB`);
        await apply(phase);
        return work();
      }
    },
  };
}

/**
 * DuckDB's allocator (the jemalloc linked into the library) keeps what a statement freed for a
 * second before giving it back, so while the delta streams its freed pages stay resident. It
 * reads its options once, when the library loads, from DUCKDB_JE_MALLOC_CONF: set before the
 * sync first opens DuckDB, freed pages go back within 100 ms (no slower; at 0 ms they cost system
 * time). No effect once DuckDB is loaded in this process; a value the user set is kept.
 */
export function returnFreedPagesSooner(): void {
  process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:100,muzzy_decay_ms:0';
}
