import { sql, type Expression, type RawBuilder } from 'kysely';
import type { IdentifierType } from '../project/sync-schema.js';
import type { SyncSql } from '../engines/sync-sql.js';

/** How an id travels: the value sent to Lotame is always one of these. */
export type WireIdType = 'email_sha256' | 'maid';

export interface WireType {
  /** the file name suffix that tells Lotame what the ids are */
  suffix: string;
  /** what every value of this type looks like, checked on each line before it is written */
  valid: RegExp;
}

export const WIRE_TYPES: Record<WireIdType, WireType> = {
  email_sha256: { suffix: 'EMAIL_SHA256', valid: /^[0-9a-f]{64}$/ },
  // unconfirmed in Lotame's public docs for the onboarding bucket: MAIDs get their own files
  maid: { suffix: 'MAID', valid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ },
};

// the whitespace RE2's \s stands for, spelled out: see SyncSql.fullMatch
const NOT_AT_OR_SPACE = '[^@ \t\n\f\r]+';
const EMAIL = `${NOT_AT_OR_SPACE}@${NOT_AT_OR_SPACE}[.]${NOT_AT_OR_SPACE}`;
const HEX64 = '[0-9a-f]{64}';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** the all-zero id a device reports when ad tracking is limited: not a person */
const ZERO_MAID = '00000000-0000-0000-0000-000000000000';

export interface IdentifierSql {
  wire: WireIdType;
  /** the column value normalized: trimmed, lower-cased */
  normalized: RawBuilder<string>;
  /** the value sent, from the normalized value `n` */
  userid(n: Expression<unknown>): RawBuilder<string>;
  /** true when the normalized value `n` is a valid id of its type */
  valid(n: Expression<unknown>): RawBuilder<boolean>;
}

/**
 * The SQL that turns a configured column into the value sent: an email is normalized (trimmed,
 * lower-cased) and hashed in the warehouse, so the address itself never reaches keel's process;
 * already-hashed emails and mobile ad ids are normalized and sent as they are.
 */
export function identifierSql(f: SyncSql, type: IdentifierType, column: Expression<unknown>): IdentifierSql {
  const normalized = f.normalized(column);
  switch (type) {
    case 'email':
      return { wire: 'email_sha256', normalized, userid: (n) => f.sha256Hex(n), valid: (n) => f.fullMatch(n, EMAIL) };
    case 'email_sha256':
      return { wire: 'email_sha256', normalized, userid: (n) => sql<string>`${n}`, valid: (n) => f.fullMatch(n, HEX64) };
    case 'maid':
      return {
        wire: 'maid',
        normalized,
        userid: (n) => sql<string>`${n}`,
        valid: (n) => sql<boolean>`(${f.fullMatch(n, UUID)} and ${n} <> ${sql.lit(ZERO_MAID)})`,
      };
  }
}
