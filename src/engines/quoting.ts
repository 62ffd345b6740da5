import type { Relation } from '../core/relation.js';

/** Quoting of names in compiled model SQL; light on purpose so `keel compile` loads no driver. */
export interface Quoting {
  quoteIdentifier(name: string): string;
  quoteRelation(rel: Relation): string;
  /** a string literal, for values templates put into SQL (accepted_values, ...) */
  stringLiteral(value: string): string;
}

/** Standard SQL: double-quoted names and single-quoted strings, an embedded quote doubled. */
export const ansiQuoting: Quoting = {
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  quoteRelation: (rel) =>
    [rel.database, rel.schema, rel.identifier]
      .filter((p): p is string => Boolean(p))
      .map((p) => `"${p.replaceAll('"', '""')}"`)
      .join('.'),
  stringLiteral: (value) => `'${value.replaceAll("'", "''")}'`,
};
