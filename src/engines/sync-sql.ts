import type { Expression, RawBuilder } from 'kysely';

/**
 * The SQL `keel sync` needs that engines spell differently, as Kysely expressions so every
 * statement stays built by Kysely; one implementation per engine (`<engine>/sync-sql.ts`), reached
 * as `Engine.syncSql` (sync always has an open engine). The results must agree across engines where they leave
 * the warehouse (normalized values, SHA-256 hex, pattern checks); fingerprints are only compared
 * with fingerprints of the same engine.
 */
export interface SyncSql {
  /** the text of `e`, trimmed of SYNC_TRIM_CHARS and lower-cased */
  normalized(e: Expression<unknown>): RawBuilder<string>;
  /**
   * true when the whole of `e` matches `pattern`. Patterns use only what RE2, POSIX and Java
   * regular expressions read alike: bracket expressions (plain or negated) of literal characters, `{n}`, `+`, `-`
   * and `@`; no backslash classes (`\s` means different sets, or nothing inside brackets) and no
   * escapes (Redshift literals read backslashes).
   */
  fullMatch(e: Expression<unknown>, pattern: string): RawBuilder<boolean>;
  /** lower-case hex SHA-256 of the UTF-8 bytes of `e` */
  sha256Hex(e: Expression<unknown>): RawBuilder<string>;
  /** a fast 64-bit hash of `e`, to tell whether a member's source value changed without hashing it again */
  fingerprint(e: Expression<unknown>): RawBuilder<bigint>;
  /** any value (a person key) as text, whole: no engine default length cuts it */
  asText(e: Expression<unknown>): RawBuilder<string>;
  /** column types of the sync's state tables */
  readonly types: { text: string; bigint: string; timestamp: string; fingerprint: string };
  /** the engine's `capabilities.materializedCtes`: `WITH x AS MATERIALIZED (...)` computes a CTE read several times once */
  readonly materializedCtes: boolean;
  /**
   * the engine's `capabilities.transactionalDdl`: several statements commit as one (Kysely
   * transactions); without, the sync orders its writes so that each step can be repeated after a crash
   */
  readonly transactions: boolean;
  /** build-step config of the state tables, for engines that create tables through their own steps */
  readonly stateTableConfig: Record<string, unknown>;
}

/** Whitespace a normalized identifier loses at both ends. */
export const SYNC_TRIM_CHARS = ' \t\n\r';
