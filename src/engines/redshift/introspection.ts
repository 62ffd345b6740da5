import { sql, type Kysely } from 'kysely';
import type { ExistingRelation, Relation } from '../../core/relation.js';
import type { ColumnInfo } from '../engine.js';
import type { RedshiftSystemTables } from './system-tables.js';

/*
 * Relation lookups. Redshift folds unquoted and (by default) quoted names to lower case, so names
 * are compared on lower(). `database` is the connected database unless the relation names one.
 */

type Db = Kysely<RedshiftSystemTables>;

const catalog = (rel: { database?: string }) => (rel.database ? sql<string>`${rel.database}` : sql<string>`current_database()`);

export async function findRelation(db: Db, rel: Relation): Promise<ExistingRelation | null> {
  const row = await db
    .selectFrom('svv_tables')
    .select(['table_schema', 'table_name', 'table_type'])
    .where(sql<boolean>`lower(table_catalog) = lower(${catalog(rel)})`)
    .where(sql<boolean>`lower(table_schema) = lower(${rel.schema})`)
    .where(sql<boolean>`lower(table_name) = lower(${rel.identifier})`)
    .executeTakeFirst();
  return row ? toRelation(row, rel.database) : null;
}

export async function listRelations(db: Db, schema: string, database?: string): Promise<ExistingRelation[]> {
  const rows = await db
    .selectFrom('svv_tables')
    .select(['table_schema', 'table_name', 'table_type'])
    .where(sql<boolean>`lower(table_catalog) = lower(${catalog({ database })})`)
    .where(sql<boolean>`lower(table_schema) = lower(${schema})`)
    .orderBy('table_name')
    .execute();
  return rows.map((r) => toRelation(r, database));
}

export async function listColumns(db: Db, rel: Relation): Promise<ColumnInfo[]> {
  const rows = await db
    .selectFrom('svv_columns')
    .select(['column_name', 'data_type', 'character_maximum_length', 'numeric_precision', 'numeric_scale'])
    .where(sql<boolean>`lower(table_catalog) = lower(${catalog(rel)})`)
    .where(sql<boolean>`lower(table_schema) = lower(${rel.schema})`)
    .where(sql<boolean>`lower(table_name) = lower(${rel.identifier})`)
    .orderBy('ordinal_position')
    .execute();
  return rows.map((r) => ({ name: r.column_name, type: typeName(r) }));
}

function typeName(r: { data_type: string; character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null }): string {
  const base = r.data_type.toUpperCase();
  if ((base === 'NUMERIC' || base === 'DECIMAL') && r.numeric_precision) return `NUMERIC(${r.numeric_precision},${r.numeric_scale ?? 0})`;
  if (base === 'CHARACTER VARYING' && r.character_maximum_length) return `VARCHAR(${r.character_maximum_length})`;
  if (base === 'CHARACTER' && r.character_maximum_length) return `CHAR(${r.character_maximum_length})`;
  return base;
}

function toRelation(row: { table_schema: string; table_name: string; table_type: string }, database?: string): ExistingRelation {
  return {
    ...(database ? { database } : {}),
    schema: row.table_schema,
    identifier: row.table_name,
    type: row.table_type.toUpperCase() === 'VIEW' ? 'view' : 'table',
  };
}
