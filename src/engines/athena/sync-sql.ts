import { sql } from 'kysely';
import { athenaCapabilities } from './capabilities.js';
import { SYNC_TRIM_CHARS, type SyncSql } from '../sync-sql.js';

const EDGE_SPACE = `^[${SYNC_TRIM_CHARS}]+|[${SYNC_TRIM_CHARS}]+$`;

/** Athena (Trino): hashes work on varbinary; state tables are Iceberg, the only ones that take UPDATE and DELETE. */
export const athenaSyncSql: SyncSql = {
  // Trino's one-argument trim() strips every Unicode space; this strips what the other engines strip
  normalized: (e) => sql<string>`lower(regexp_replace(cast(${e} as varchar), ${sql.lit(EDGE_SPACE)}, ''))`,
  fullMatch: (e, pattern) => sql<boolean>`regexp_like(${e}, ${sql.lit(`^(?:${pattern})$`)})`,
  sha256Hex: (e) => sql<string>`lower(to_hex(sha256(to_utf8(${e}))))`,
  fingerprint: (e) => sql<bigint>`from_big_endian_64(xxhash64(to_utf8(${e})))`,
  asText: (e) => sql<string>`cast(${e} as varchar)`,
  // Iceberg keeps microseconds and refuses Athena's millisecond TIMESTAMP in a table
  types: { text: 'varchar', bigint: 'bigint', timestamp: 'timestamp(6)', fingerprint: 'bigint' },
  materializedCtes: athenaCapabilities.materializedCtes,
  transactions: athenaCapabilities.transactionalDdl,
  stateTableConfig: { table_type: 'iceberg' },
};
