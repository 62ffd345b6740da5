import { DialectAdapterBase } from 'kysely';

/**
 * Not PostgresAdapter: its migration lock calls pg_advisory_xact_lock, which DuckDB lacks.
 * DuckDB allows a single writing process per database file and migrations run inside a
 * transaction (DDL is transactional), so the lock has nothing left to guard.
 */
export class DuckDBAdapter extends DialectAdapterBase {
  override get supportsCreateIfNotExists(): boolean {
    return true;
  }

  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return true;
  }

  override async acquireMigrationLock(): Promise<void> {}

  override async releaseMigrationLock(): Promise<void> {}
}
