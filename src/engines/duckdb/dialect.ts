import { Kysely, sql } from 'kysely';
import { KeelError } from '../../core/errors.js';
import type { Relation, RelationType } from '../../core/relation.js';
import { aliasedMerge } from '../aliased-merge.js';
import type { StatementSql, LogicalType, MergeOptions } from '../statement-sql.js';
import { DuckDBKyselyDialect } from './kysely/duckdb-dialect.js';
import { duckdbStringLiteral } from './literals.js';
import { STANDARD_TYPES as TYPES } from '../logical-types.js';

/**
 * keel's DuckDB statements, built with Kysely's builders and compiled by the DuckDB query compiler.
 * Relations carry no database on DuckDB: statements address `schema.identifier` in the current database.
 */
export class DuckDBDialect implements StatementSql {
  readonly name = 'duckdb' as const;

  /** Only compiles: the statements are returned as strings for the engine to run. */
  constructor(private readonly db: Kysely<any> = new Kysely<any>({ dialect: new DuckDBKyselyDialect() })) {}

  quoteIdentifier(name: string): string {
    return sql.id(name).compile(this.db).sql;
  }

  quoteRelation(rel: Relation): string {
    const parts = [rel.database, rel.schema, rel.identifier].filter((p): p is string => Boolean(p));
    return sql.id(...(parts as [string, ...string[]])).compile(this.db).sql;
  }

  literal(value: string | number | boolean | null): string {
    if (typeof value === 'string') return duckdbStringLiteral(value);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return sql.lit(value).compile(this.db).sql;
  }

  createSchema(schema: string, database?: string): string {
    if (database) return sql`create schema if not exists ${sql.id(database, schema)}`.compile(this.db).sql;
    return this.db.schema.createSchema(schema).ifNotExists().compile().sql;
  }

  /** Plain CREATE VIEW: callers drop or rename what is in the way. */
  createViewAs(rel: Relation, selectSql: string): string {
    return this.schemaOf(rel).createView(rel.identifier).as(sql.raw(selectSql)).compile().sql;
  }

  createTableAs(rel: Relation, selectSql: string): string {
    return this.schemaOf(rel).createTable(tableName(rel)).as(sql.raw(selectSql)).compile().sql;
  }

  /** No CASCADE: DuckDB binds views by name at query time, so a view survives its table being swapped. */
  dropRelation(rel: Relation, type: RelationType): string {
    const schema = this.schemaOf(rel);
    return type === 'view' ? schema.dropView(rel.identifier).ifExists().compile().sql : schema.dropTable(tableName(rel)).ifExists().compile().sql;
  }

  renameRelation(rel: Relation, newIdentifier: string, type: RelationType): string {
    if (type === 'view') {
      // Kysely has no ALTER VIEW builder
      return sql`alter view ${sql.id(rel.schema, rel.identifier)} rename to ${sql.id(newIdentifier)}`.compile(this.db).sql;
    }
    return this.schemaOf(rel).alterTable(tableName(rel)).renameTo(newIdentifier).compile().sql;
  }

  insertInto(rel: Relation, selectSql: string, columns?: string[]): string {
    const insert = this.db.withSchema(rel.schema).insertInto(tableName(rel));
    return (columns?.length ? insert.columns(columns) : insert).expression(sql.raw(selectSql)).compile().sql;
  }

  /** One MERGE INTO statement (DuckDB >= 1.4); delete+insert is the same MERGE here. */
  merge(targetRel: Relation, sourceRel: Relation, uniqueKey: string[], columns: string[], opts: MergeOptions = {}): string[] {
    return aliasedMerge(this.db, { rel: targetRel, name: tableName(targetRel), quoted: this.quoteRelation(targetRel) }, sourceRel, uniqueKey, columns, opts);
  }

  type(logical: LogicalType): string {
    return TYPES[logical];
  }

  private schemaOf(rel: Relation) {
    return this.db.schema.withSchema(rel.schema);
  }
}

/**
 * Kysely's table builders read `a.b` as schema `a`, table `b` (and trim spaces); the schema is set
 * with withSchema instead, so the identifier must not be split again.
 */
function tableName(rel: Relation): string {
  if (rel.identifier.includes('.') || rel.identifier.trim() !== rel.identifier || / as /i.test(rel.identifier)) {
    throw new KeelError(`invalid relation name "${rel.identifier}" for DuckDB`, {
      hint: 'names of tables must not contain ".", " as " or surrounding spaces',
    });
  }
  return rel.identifier;
}
