import type { Relation } from '../core/relation.js';

/** Quoting of names in compiled model SQL; light on purpose so `keel compile` loads no driver. */
export interface Quoting {
  quoteIdentifier(name: string): string;
  quoteRelation(rel: Relation): string;
}

/** Standard SQL identifiers: double quotes, an embedded quote doubled. DuckDB, Trino and Redshift all use it. */
export const ansiQuoting: Quoting = {
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  quoteRelation: (rel) =>
    [rel.database, rel.schema, rel.identifier]
      .filter((p): p is string => Boolean(p))
      .map((p) => `"${p.replaceAll('"', '""')}"`)
      .join('.'),
};
