import { DialectAdapterBase, sql, type Kysely, type MigrationLockOptions } from 'kysely';

/**
 * Redshift has transactional DDL and CREATE ... IF NOT EXISTS, but no RETURNING and no advisory
 * locks: Kysely's migration lock takes an exclusive table lock instead, held until the
 * migration transaction (a Data API session) ends.
 */
export class RedshiftAdapter extends DialectAdapterBase {
  override get supportsCreateIfNotExists(): boolean {
    return true;
  }

  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return false;
  }

  override async acquireMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    const table = options.lockTableSchema ? sql.id(options.lockTableSchema, options.lockTable) : sql.id(options.lockTable);
    await sql`lock ${table}`.execute(db);
  }

  override async releaseMigrationLock(): Promise<void> {
    // released by the transaction's end
  }
}
