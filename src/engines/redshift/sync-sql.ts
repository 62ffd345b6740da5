import { sql } from 'kysely';
import { redshiftCapabilities } from './capabilities.js';
import { SYNC_TRIM_CHARS, type SyncSql } from '../sync-sql.js';

/** Redshift: POSIX regular expressions, SHA2, and no CTE materialization hint. */
export const redshiftSyncSql: SyncSql = {
  normalized: (e) => sql<string>`lower(btrim(${e}, ${sql.lit(SYNC_TRIM_CHARS)}))`,
  // POSIX `~` matches anywhere: the anchors make it whole; a plain group, as POSIX has no (?:)
  fullMatch: (e, pattern) => sql<boolean>`(${e} ~ ${sql.lit(`^(${pattern})$`)})`,
  sha256Hex: (e) => sql<string>`sha2(${e}, 256)`,
  // 60 bits of the MD5: STRTOL refuses what does not fit a signed 64-bit integer
  fingerprint: (e) => sql<bigint>`strtol(substring(md5(${e}), 1, 15), 16)`,
  // a plain VARCHAR cast is VARCHAR(256) on Redshift and would cut longer keys
  asText: (e) => sql<string>`cast(${e} as varchar(max))`,
  types: { text: 'varchar(max)', bigint: 'bigint', timestamp: 'timestamp', fingerprint: 'bigint' },
  materializedCtes: redshiftCapabilities.materializedCtes,
  transactions: redshiftCapabilities.transactionalDdl,
  stateTableConfig: {},
};
