import { sql, type Expression, type RawBuilder } from 'kysely';
import { KeelError } from '../../core/errors.js';

/**
 * The SQL functions the sync needs that engines spell differently, as Kysely expressions so every
 * statement stays built by Kysely. DuckDB only for now: Athena and Redshift spell hashing
 * (`to_hex(sha256(to_utf8(x)))`, `sha2(x, 256)`) and regular expressions differently and get
 * their own entries once those engines can run the sync's tests.
 */
export interface SyncSql {
  /** the text of `e`, trimmed of whitespace and lower-cased */
  normalized(e: Expression<unknown>): RawBuilder<string>;
  /** true when the whole of `e` matches the regular expression */
  fullMatch(e: Expression<unknown>, pattern: string): RawBuilder<boolean>;
  /** lower-case hex SHA-256 of the UTF-8 bytes of `e` */
  sha256Hex(e: Expression<unknown>): RawBuilder<string>;
  /** a fast 64-bit hash of `e`, to tell whether a member's source value changed without hashing it again */
  fingerprint(e: Expression<unknown>): RawBuilder<bigint>;
  /** the column type that holds a fingerprint */
  readonly fingerprintType: RawBuilder<unknown>;
}

const duckdb: SyncSql = {
  normalized: (e) => sql<string>`lower(trim(cast(${e} as varchar), ${sql.lit(' \t\n\r')}))`,
  fullMatch: (e, pattern) => sql<boolean>`regexp_full_match(${e}, ${sql.lit(pattern)})`,
  sha256Hex: (e) => sql<string>`sha256(${e})`,
  fingerprint: (e) => sql<bigint>`hash(${e})`,
  fingerprintType: sql`ubigint`,
};

export function syncSqlFor(engine: string): SyncSql {
  if (engine === 'duckdb') return duckdb;
  throw new KeelError(`keel sync does not support ${engine} targets yet; it runs on DuckDB targets`);
}
