import { DialectAdapterBase } from 'kysely';

/**
 * Athena has no transactions and no RETURNING. Migrations have nothing to lock: keel keeps no
 * migrated state in Athena.
 */
export class AthenaAdapter extends DialectAdapterBase {
  override get supportsCreateIfNotExists(): boolean {
    return true;
  }

  override get supportsTransactionalDdl(): boolean {
    return false;
  }

  override get supportsReturning(): boolean {
    return false;
  }

  override async acquireMigrationLock(): Promise<void> {}

  override async releaseMigrationLock(): Promise<void> {}
}
