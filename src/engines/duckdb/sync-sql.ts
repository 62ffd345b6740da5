import { sql } from 'kysely';
import { duckdbCapabilities } from './capabilities.js';
import { SYNC_TRIM_CHARS, type SyncSql } from '../sync-sql.js';

export const duckdbSyncSql: SyncSql = {
  normalized: (e) => sql<string>`lower(trim(cast(${e} as varchar), ${sql.lit(SYNC_TRIM_CHARS)}))`,
  fullMatch: (e, pattern) => sql<boolean>`regexp_full_match(${e}, ${sql.lit(pattern)})`,
  sha256Hex: (e) => sql<string>`sha256(${e})`,
  fingerprint: (e) => sql<bigint>`hash(${e})`,
  asText: (e) => sql<string>`cast(${e} as varchar)`,
  // hash() is unsigned; tables made by earlier versions hold ubigint values
  types: { text: 'varchar', bigint: 'bigint', timestamp: 'timestamp', fingerprint: 'ubigint' },
  materializedCtes: duckdbCapabilities.materializedCtes,
  transactions: duckdbCapabilities.transactionalDdl,
  stateTableConfig: {},
};
