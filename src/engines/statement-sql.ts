import type { Relation, RelationType } from '../core/relation.js';
import type { EngineType } from './engine-type.js';

export interface TableOptions {
  /** engine-specific table properties from the node's config (partitioned_by, dist, sort, ...) */
  config?: Record<string, unknown>;
}

/**
 * The SQL differences between engines. Statements around a model's SQL (DDL, swaps, merges)
 * are produced here, through the engine's Kysely query compiler, never by concatenating names.
 */
export interface StatementSql {
  readonly name: EngineType;

  quoteIdentifier(name: string): string;
  /** `"schema"."table"` (with database when set) */
  quoteRelation(rel: Relation): string;
  /** a SQL string literal */
  literal(value: string | number | boolean | null): string;

  createSchema(schema: string, database?: string): string;
  createViewAs(rel: Relation, selectSql: string, opts?: TableOptions): string;
  createTableAs(rel: Relation, selectSql: string, opts?: TableOptions): string;
  dropRelation(rel: Relation, type: RelationType): string;
  /** rename within the same schema */
  renameRelation(rel: Relation, newIdentifier: string, type: RelationType): string;
  insertInto(rel: Relation, selectSql: string, columns?: string[]): string;
  /**
   * statements that upsert the rows of `sourceRel` into `targetRel` by `uniqueKey` (delete+insert or MERGE);
   * `predicates` (incremental_predicates) narrow the target rows considered, where the engine supports them
   */
  merge(targetRel: Relation, sourceRel: Relation, uniqueKey: string[], columns: string[], opts?: MergeOptions): string[];
  /**
   * statements for `incremental_strategy: delete+insert`: delete the target rows whose key is in
   * `sourceRel`, then insert all of `sourceRel`. Without it, `merge` serves both strategies.
   */
  deleteInsert?(targetRel: Relation, sourceRel: Relation, uniqueKey: string[], columns: string[], opts?: MergeOptions): string[];
  /** the longest statement the engine accepts, in UTF-8 bytes (Redshift Data API: 100 KB); batched inserts stay under it */
  readonly maxStatementBytes?: number;

  /** map a keel logical type (string, integer, bigint, double, boolean, date, timestamp) to the engine's type name */
  type(logical: LogicalType): string;
}

export interface MergeOptions {
  /** dbt's incremental_predicates: SQL conditions naming the aliases `target` and `source` */
  predicates?: string[];
}

export type LogicalType = 'string' | 'integer' | 'bigint' | 'double' | 'boolean' | 'date' | 'timestamp';
