import type { Kysely } from 'kysely';
import type { SyncSql } from '../../engines/sync-sql.js';

/**
 * Runs `work` as one transaction where the engine has them. Elsewhere (Athena) its statements
 * commit one by one: the caller orders them so that a sync killed between two of them leaves
 * state the next sync recognizes and repairs.
 */
export function atomically<T>(db: Kysely<any>, f: Pick<SyncSql, 'transactions'>, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  return f.transactions ? db.transaction().execute(work) : work(db);
}
