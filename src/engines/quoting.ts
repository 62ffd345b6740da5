import type { Relation } from '../core/relation.js';

/** Quoting of names in compiled model SQL; light on purpose so `keel compile` loads no driver. */
export interface Quoting {
  quoteIdentifier(name: string): string;
  quoteRelation(rel: Relation): string;
  /** a string literal, for values templates put into SQL (accepted_values, ...) */
  stringLiteral(value: string): string;
}

/** Standard SQL string literal: single quotes, an embedded quote doubled, no backslash escapes. */
export const ansiStringLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Standard SQL: double-quoted names, an embedded quote doubled; strings spelled by `stringLiteral`. */
export function quotingWith(stringLiteral: (value: string) => string): Quoting {
  return {
    quoteIdentifier: quoteName,
    quoteRelation: (rel) =>
      [rel.database, rel.schema, rel.identifier]
        .filter((p): p is string => Boolean(p))
        .map(quoteName)
        .join('.'),
    stringLiteral,
  };
}

/** Standard SQL names and strings (DuckDB, Trino). */
export const ansiQuoting: Quoting = quotingWith(ansiStringLiteral);
