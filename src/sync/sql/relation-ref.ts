import { sql, type RawBuilder } from 'kysely';
import type { Relation } from '../../core/relation.js';

/** A warehouse relation as a quoted Kysely identifier path (`"schema"."table"`, with database when set). */
export function relationRef(rel: Relation): RawBuilder<unknown> {
  const parts = [rel.database, rel.schema, rel.identifier].filter((p): p is string => Boolean(p));
  return sql`${sql.id(...(parts as [string, ...string[]]))}`;
}

/** `alias.column` quoted as one reference, whatever characters the column name has. */
export function col(alias: string, column: string): RawBuilder<unknown> {
  return sql`${sql.id(alias, column)}`;
}
