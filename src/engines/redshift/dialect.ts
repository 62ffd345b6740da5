import { Kysely, sql, type Expression, type SqlBool } from 'kysely';
import { KeelError } from '../../core/errors.js';
import type { Relation, RelationType } from '../../core/relation.js';
import type { StatementSql, LogicalType, MergeOptions, TableOptions } from '../statement-sql.js';
import { RedshiftKyselyDialect } from './kysely/redshift-dialect.js';
import { redshiftStringLiteral } from './literals.js';
import { tableAttributesOf, tableAttributesSql } from './table-attributes.js';
import { REDSHIFT_TYPES as TYPES } from './types.js';

/** The Data API refuses statements longer than 100 KB. */
const MAX_STATEMENT_BYTES = 100_000;

/**
 * keel's Redshift statements, built with Kysely's builders and compiled by the Redshift query
 * compiler. Differences from DuckDB that shape them:
 *
 * - Views are late-binding (`WITH NO SCHEMA BINDING`) unless a model sets `bind: true`: a
 *   late-binding view resolves its tables by name at query time, so the tables it reads can be
 *   swapped (renamed and dropped) underneath it. A schema-bound view pins its tables, and Redshift
 *   refuses to drop a table such a view reads.
 * - Tables carry DISTSTYLE/DISTKEY and SORTKEY from the model's `dist`, `sort` and `sort_type`.
 * - MERGE takes no alias for its target table, and needs both WHEN clauses.
 * - Renames of tables and views both use ALTER TABLE.
 */
export class RedshiftDialect implements StatementSql {
  readonly name = 'redshift' as const;
  readonly maxStatementBytes = MAX_STATEMENT_BYTES;

  /** Only compiles: the statements are returned as strings for the engine to run. */
  constructor(private readonly db: Kysely<any> = new Kysely<any>({ dialect: new RedshiftKyselyDialect() })) {}

  quoteIdentifier(name: string): string {
    return sql.id(name).compile(this.db).sql;
  }

  quoteRelation(rel: Relation): string {
    return relationId(rel).compile(this.db).sql;
  }

  literal(value: string | number | boolean | null): string {
    if (value === null) return 'null';
    if (typeof value === 'string') return redshiftStringLiteral(value);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }

  /** Schemas live in the connected database; a cross-database name is refused by Redshift itself. */
  createSchema(schema: string): string {
    return this.db.schema.createSchema(schema).ifNotExists().compile().sql;
  }

  createViewAs(rel: Relation, selectSql: string, opts?: TableOptions): string {
    const lateBinding = opts?.config?.bind !== true;
    // the body goes on its own lines: a trailing `-- comment` in a model must not swallow the clause after it
    return sql`create view ${relationId(rel)} as\n${sql.raw(selectSql)}${sql.raw(lateBinding ? '\nwith no schema binding' : '')}`.compile(this.db).sql;
  }

  createTableAs(rel: Relation, selectSql: string, opts?: TableOptions): string {
    const attributes = tableAttributesSql(tableAttributesOf(opts?.config));
    const create = this.schemaOf(rel).createTable(tableName(rel));
    return (attributes ? create.modifyEnd(attributes) : create).as(sql.raw(`\n${selectSql}\n`)).compile().sql;
  }

  /** No CASCADE: a schema-bound view on the table makes the drop fail rather than silently disappear. */
  dropRelation(rel: Relation, type: RelationType): string {
    const schema = this.schemaOf(rel);
    return type === 'view' ? schema.dropView(tableName(rel)).ifExists().compile().sql : schema.dropTable(tableName(rel)).ifExists().compile().sql;
  }

  /** ALTER TABLE renames views too on Redshift, so the type makes no difference. */
  renameRelation(rel: Relation, newIdentifier: string, _type?: RelationType): string {
    return this.schemaOf(rel).alterTable(tableName(rel)).renameTo(newIdentifier).compile().sql;
  }

  insertInto(rel: Relation, selectSql: string, columns?: string[]): string {
    const insert = this.db.withSchema(rel.schema).insertInto(tableName(rel));
    return (columns?.length ? insert.columns(columns) : insert).expression(sql.raw(selectSql)).compile().sql;
  }

  /**
   * One MERGE: rows of `sourceRel` matching on every `uniqueKey` column update the target row,
   * the rest are inserted. Redshift requires a WHEN MATCHED clause, so a table whose columns are
   * all key columns "updates" a key to itself.
   */
  merge(targetRel: Relation, sourceRel: Relation, uniqueKey: string[], columns: string[], opts: MergeOptions = {}): string[] {
    requireKey(targetRel, uniqueKey, this);
    refusePredicates(targetRel, opts, this);
    const keys = new Set(uniqueKey.map((k) => k.toLowerCase()));
    const updated = columns.filter((c) => !keys.has(c.toLowerCase()));
    const fromSource = (cols: string[]) => Object.fromEntries(cols.map((c) => [c, sql.id('source', c)]));
    const merge = this.db
      .withSchema(targetRel.schema)
      .mergeInto(tableName(targetRel))
      .using(relationId(sourceRel).as('source'), (join) => join.on(keyMatch(targetRel, uniqueKey)))
      .whenMatched()
      .thenUpdateSet(fromSource(updated.length ? updated : [uniqueKey[0]!]))
      .whenNotMatched()
      .thenInsertValues(fromSource(columns));
    return [merge.compile().sql];
  }

  /** DELETE ... USING the new rows' keys, then INSERT them: for `incremental_strategy: delete+insert`. */
  deleteInsert(targetRel: Relation, sourceRel: Relation, uniqueKey: string[], columns: string[], opts: MergeOptions = {}): string[] {
    requireKey(targetRel, uniqueKey, this);
    refusePredicates(targetRel, opts, this);
    const del = this.db
      .withSchema(targetRel.schema)
      .deleteFrom(tableName(targetRel))
      .using(relationId(sourceRel).as('source'))
      .where(keyMatch(targetRel, uniqueKey))
      .compile().sql;
    const select = this.db
      .selectFrom(relationId(sourceRel).as('source'))
      .select(columns.map((c) => sql.id('source', c).as(c)))
      .compile().sql;
    return [del, this.insertInto(targetRel, select, columns)];
  }

  type(logical: LogicalType): string {
    return TYPES[logical];
  }

  private schemaOf(rel: Relation) {
    return this.db.schema.withSchema(rel.schema);
  }
}

function relationId(rel: Relation) {
  const parts = [rel.database, rel.schema, rel.identifier].filter((p): p is string => Boolean(p));
  return sql.id(...(parts as [string, ...string[]]));
}

/** `"schema"."target"."k" = "source"."k" and ...`: the target of MERGE and DELETE has no alias on Redshift. */
function keyMatch(target: Relation, uniqueKey: string[]): Expression<SqlBool> {
  const conditions = uniqueKey.map((key) => sql<SqlBool>`${sql.id(target.schema, target.identifier, key)} = ${sql.id('source', key)}`);
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

/**
 * Redshift's MERGE and DELETE cannot alias their target, so predicates written against `target`
 * cannot be placed; ignoring them would update rows dbt's semantics leave alone.
 */
function refusePredicates(target: Relation, opts: MergeOptions, dialect: RedshiftDialect): void {
  if (!opts.predicates?.length) return;
  throw new KeelError(`incremental_predicates are not supported on Redshift targets (merge into ${dialect.quoteRelation(target)})`, {
    hint: "Redshift's MERGE and DELETE cannot alias the target table. Remove them, or narrow the new rows in the model's is_incremental() block.",
  });
}

function requireKey(target: Relation, uniqueKey: string[], dialect: RedshiftDialect): void {
  if (!uniqueKey.length) throw new KeelError(`merge into ${dialect.quoteRelation(target)} needs a unique_key`);
}

/**
 * Kysely's table builders read `a.b` as schema `a`, table `b` (and trim spaces); the schema is set
 * with withSchema instead, so the identifier must not be split again.
 */
function tableName(rel: Relation): string {
  if (rel.identifier.includes('.') || rel.identifier.trim() !== rel.identifier || / as /i.test(rel.identifier)) {
    throw new KeelError(`invalid relation name "${rel.identifier}" for Redshift`, {
      hint: 'names of tables must not contain ".", " as " or surrounding spaces',
    });
  }
  return rel.identifier;
}
