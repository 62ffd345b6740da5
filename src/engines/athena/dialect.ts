import { Kysely, sql } from 'kysely';
import { KeelError } from '../../core/errors.js';
import type { Relation, RelationType } from '../../core/relation.js';
import { aliasedMerge } from '../aliased-merge.js';
import type { StatementSql, LogicalType, MergeOptions, TableOptions } from '../statement-sql.js';
import { newDataLocation } from './data-location.js';
import { AthenaKyselyDialect } from './kysely/athena-kysely-dialect.js';
import type { TableType } from './settings.js';
import { partitionKeyExpressions, tableLayout, type TableLayout } from './table-layout.js';
import { trinoLiteral } from './trino-literal.js';
import { STANDARD_TYPES as TYPES } from '../logical-types.js';

export interface AthenaDialectSettings {
  /** s3://bucket/prefix/ (with the trailing slash) under which tables' data goes */
  dataDir: string;
  tableType: TableType;
}

/**
 * keel's statements in Athena's two grammars. Queries, CTAS, views, INSERT and MERGE are Trino
 * SQL (double-quoted identifiers); DDL that Athena hands to its Hive metastore layer (CREATE
 * DATABASE, DROP TABLE, ALTER TABLE) only accepts backquoted identifiers.
 */
export class AthenaDialect implements StatementSql {
  readonly name = 'athena' as const;
  /** Athena refuses query strings over 262,144 bytes; keep a margin for what wraps a batch */
  readonly maxStatementBytes = 240_000;

  constructor(
    readonly settings: AthenaDialectSettings,
    private readonly db: Kysely<any> = new Kysely<any>({ dialect: new AthenaKyselyDialect() }),
  ) {}

  quoteIdentifier(name: string): string {
    return sql.id(name).compile(this.db).sql;
  }

  quoteRelation(rel: Relation): string {
    const parts = [rel.database, rel.schema, rel.identifier].filter((p): p is string => Boolean(p));
    return sql.id(...(parts as [string, ...string[]])).compile(this.db).sql;
  }

  /** `schema`.`table` for Hive DDL; Hive DDL cannot name a catalog (the query's context sets it). */
  hiveRelation(rel: Relation): string {
    return `${hiveIdentifier(rel.schema)}.${hiveIdentifier(rel.identifier)}`;
  }

  literal(value: string | number | boolean | null): string {
    return trinoLiteral(value);
  }

  createSchema(schema: string): string {
    return `CREATE DATABASE IF NOT EXISTS ${hiveIdentifier(schema)}`;
  }

  /** OR REPLACE: Athena replaces a view's definition in the catalog in one step. */
  createViewAs(rel: Relation, selectSql: string): string {
    return `CREATE OR REPLACE VIEW ${this.quoteRelation(rel)} AS\n${selectSql}`;
  }

  /** CTAS into a fresh folder under the model's data folder (see data-location.ts). */
  createTableAs(rel: Relation, selectSql: string, opts: TableOptions = {}): string {
    const layout = tableLayout(opts.config ?? {}, this.settings.tableType);
    return this.createTableAsAt(rel, selectSql, layout, newDataLocation(this.settings.dataDir, rel));
  }

  createTableAsAt(rel: Relation, selectSql: string, layout: TableLayout, location: string): string {
    return `CREATE TABLE ${this.quoteRelation(rel)}\nWITH (${this.tableProperties(layout, location).join(', ')})\nAS\n${selectSql}`;
  }

  tableProperties(layout: TableLayout, location: string): string[] {
    const array = (cols: string[]) => `ARRAY[${cols.map((c) => trinoLiteral(c)).join(', ')}]`;
    if (layout.tableType === 'iceberg') {
      return [
        "table_type = 'ICEBERG'",
        'is_external = false',
        `location = ${trinoLiteral(location)}`,
        `format = ${trinoLiteral(layout.format.toUpperCase())}`,
        ...(layout.partitioning.length ? [`partitioning = ${array(layout.partitioning)}`] : []),
      ];
    }
    return [
      "table_type = 'HIVE'",
      `external_location = ${trinoLiteral(location)}`,
      `format = ${trinoLiteral(layout.format.toUpperCase())}`,
      ...(layout.format === 'parquet' ? ["write_compression = 'SNAPPY'"] : []),
      ...(layout.partitionedBy.length ? [`partitioned_by = ${array(layout.partitionedBy)}`] : []),
      ...(layout.bucketedBy.length ? [`bucketed_by = ${array(layout.bucketedBy)}`, `bucket_count = ${layout.bucketCount}`] : []),
    ];
  }

  /** The S3 folder a CTAS statement writes to, when it names one. */
  ctasLocation(sql: string): string | undefined {
    if (!/^\s*create\s+table\b/i.test(sql)) return undefined;
    return /\b(?:external_)?location\s*=\s*'((?:[^']|'')*)'/i.exec(sql)?.[1]?.replaceAll("''", "'");
  }

  /** The table an INSERT INTO statement writes to. */
  insertTarget(sql: string): Relation | undefined {
    const m = /^\s*insert\s+into\s+(?:"((?:[^"]|"")*)"\.)?"((?:[^"]|"")*)"\."((?:[^"]|"")*)"/i.exec(sql);
    if (!m) return undefined;
    const un = (s: string) => s.replaceAll('""', '"');
    return { ...(m[1] ? { database: un(m[1]) } : {}), schema: un(m[2]!), identifier: un(m[3]!) };
  }

  /** DROP TABLE is Hive DDL (backquotes); DROP VIEW is Trino SQL. */
  dropRelation(rel: Relation, type: RelationType): string {
    return type === 'view' ? `DROP VIEW IF EXISTS ${this.quoteRelation(rel)}` : `DROP TABLE IF EXISTS ${this.hiveRelation(rel)}`;
  }

  /** Athena renames Iceberg tables only, and never views; keel swaps through the Glue catalog instead. */
  renameRelation(rel: Relation, newIdentifier: string, type: RelationType): string {
    if (type === 'view') throw new KeelError('Athena cannot rename a view', { hint: 'Create it again under the new name.' });
    return `ALTER TABLE ${this.hiveRelation(rel)} RENAME TO ${this.hiveRelation({ ...rel, identifier: newIdentifier })}`;
  }

  insertInto(rel: Relation, selectSql: string, columns?: string[]): string {
    const cols = columns?.length ? ` (${columns.map((c) => this.quoteIdentifier(c)).join(', ')})` : '';
    return `INSERT INTO ${this.quoteRelation(rel)}${cols}\n${selectSql}`;
  }

  /** One MERGE (Iceberg tables only). */
  merge(targetRel: Relation, sourceRel: Relation, uniqueKey: string[], columns: string[], opts: MergeOptions = {}): string[] {
    return aliasedMerge(this.db, { rel: targetRel, name: targetRel.identifier, quoted: this.quoteRelation(targetRel) }, sourceRel, uniqueKey, columns, opts);
  }

  /**
   * insert_overwrite on Iceberg as one MERGE (see replaceByKeys): the partitions the new rows
   * touch are replaced, so readers never see them emptied.
   */
  overwritePartitions(targetRel: Relation, sourceRel: Relation, layout: TableLayout, columns: string[]): string[] {
    const keysOver = (alias?: string) =>
      partitionKeyExpressions(layout, (c) => (alias ? `${this.quoteIdentifier(alias)}.${this.quoteIdentifier(c)}` : this.quoteIdentifier(c))).map((key, i) => {
        if (key === null)
          throw new KeelError(`insert_overwrite cannot tell the partitions of '${layout.partitioning[i]}' apart`, {
            hint: 'Use merge, or identity/year/month/day/hour partitions.',
          });
        return key;
      });
    if (!keysOver().length) throw new KeelError('insert_overwrite needs a partitioned table', { hint: 'Set partitioning (Iceberg) or partitioned_by (Hive).' });
    return [this.replaceByKeys(targetRel, sourceRel, { target: keysOver('target'), source: keysOver() }, columns, 'IS NOT DISTINCT FROM')];
  }

  /** delete+insert on Iceberg as one MERGE: target rows whose key is among the new rows' go, the new rows come in. */
  deleteInsert(targetRel: Relation, sourceRel: Relation, uniqueKey: string[], columns: string[], opts: MergeOptions = {}): string[] {
    if (!uniqueKey.length) throw new KeelError(`delete+insert into ${this.quoteRelation(targetRel)} needs a unique_key`);
    // the MERGE below matches marker rows whose columns are NULL: predicates on `source` could not hold there
    if (opts.predicates?.length) {
      throw new KeelError(`incremental_predicates are not supported with delete+insert on Athena (${this.quoteRelation(targetRel)})`, {
        hint: "Use incremental_strategy: merge, which applies them, or narrow the new rows in the model's is_incremental() block.",
      });
    }
    const q = (s: string) => this.quoteIdentifier(s);
    return [this.replaceByKeys(targetRel, sourceRel, { target: uniqueKey.map((k) => `${q('target')}.${q(k)}`), source: uniqueKey.map(q) }, columns, '=')];
  }

  /**
   * One MERGE that replaces every target row sharing a key with the source rows: the source is
   * the rows plus one marker row per distinct key; a marker matches, and deletes, the target
   * rows of its key, and the rows, which never match, are inserted. One Iceberg commit.
   */
  private replaceByKeys(
    targetRel: Relation,
    sourceRel: Relation,
    keys: { target: string[]; source: string[] },
    columns: string[],
    equals: '=' | 'IS NOT DISTINCT FROM',
  ): string {
    const q = (s: string) => this.quoteIdentifier(s);
    const keyCols = keys.source.map((_, i) => q(`__keel_key_${i}`));
    const op = q('__keel_op');
    const source = this.quoteRelation(sourceRel);
    const rows = `SELECT ${[...columns.map(q), ...keyCols.map((k) => `NULL AS ${k}`), `'row' AS ${op}`].join(', ')} FROM ${source}`;
    const markers = `SELECT DISTINCT ${[...columns.map((c) => `NULL AS ${q(c)}`), ...keys.source.map((key, i) => `${key} AS ${keyCols[i]}`), `'key' AS ${op}`].join(', ')} FROM ${source}`;
    const on = [`${q('source')}.${op} = 'key'`, ...keys.target.map((key, i) => `${key} ${equals} ${q('source')}.${keyCols[i]}`)];
    return [
      `MERGE INTO ${this.quoteRelation(targetRel)} AS ${q('target')}`,
      `USING (${rows}\nUNION ALL\n${markers}) AS ${q('source')}`,
      `ON ${on.join(' AND ')}`,
      'WHEN MATCHED THEN DELETE',
      `WHEN NOT MATCHED AND ${q('source')}.${op} = 'row' THEN INSERT (${columns.map(q).join(', ')}) VALUES (${columns.map((c) => `${q('source')}.${q(c)}`).join(', ')})`,
    ].join('\n');
  }

  type(logical: LogicalType): string {
    // Iceberg stores microseconds; Athena's plain TIMESTAMP is milliseconds and is refused there
    if (logical === 'timestamp' && this.settings.tableType === 'iceberg') return 'TIMESTAMP(6)';
    return TYPES[logical];
  }
}

/** Hive DDL quoting: backquotes, with an embedded backquote doubled. */
export function hiveIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
