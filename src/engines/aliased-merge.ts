import { sql, type Kysely } from 'kysely';
import { KeelError } from '../core/errors.js';
import type { Relation } from '../core/relation.js';
import type { MergeOptions } from './statement-sql.js';

/**
 * One MERGE INTO `target` USING `source` (the aliases dbt's incremental_predicates name), for
 * engines whose MERGE can alias its target (DuckDB, Athena/Iceberg; not Redshift): rows matching
 * every `uniqueKey` column update the other columns, the rest are inserted. The predicates join
 * the ON clause, so target rows outside them are never matched, hence never updated.
 * `targetName` is the target's identifier as the engine validated it.
 */
export function aliasedMerge(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  target: { rel: Relation; name: string; quoted: string },
  sourceRel: Relation,
  uniqueKey: string[],
  columns: string[],
  opts: MergeOptions = {},
): string[] {
  if (!uniqueKey.length) throw new KeelError(`merge into ${target.quoted} needs a unique_key`);
  const keys = new Set(uniqueKey.map((k) => k.toLowerCase()));
  const updated = columns.filter((c) => !keys.has(c.toLowerCase()));
  const fromSource = (cols: string[]) => Object.fromEntries(cols.map((c) => [c, sql.id('source', c)]));
  const predicates = (opts.predicates ?? []).map((p) => sql<boolean>`(${sql.raw(p)})`);

  const matched = db
    .withSchema(target.rel.schema)
    .mergeInto(`${target.name} as target`)
    .using(sql.id(sourceRel.schema, sourceRel.identifier).as('source'), (join) =>
      [...uniqueKey.map((key) => sql<boolean>`${sql.id('target', key)} = ${sql.id('source', key)}`), ...predicates].reduce((on, cond) => on.on(cond), join),
    );
  const merge = updated.length ? matched.whenMatched().thenUpdateSet(fromSource(updated)) : matched;
  return [merge.whenNotMatched().thenInsertValues(fromSource(columns)).compile().sql];
}
