import { sql, type Expression, type Kysely } from 'kysely';
import type { ExistingRelation, Relation } from '../../core/relation.js';
import type { ColumnInfo } from '../engine.js';
import type { InformationSchema } from './information-schema.js';

/*
 * Relation lookups for the engine. DuckDB resolves names case-insensitively, so they are
 * matched on lower(); `database` is DuckDB's catalog (an ATTACHed file), the current one when absent.
 */

type Db = Kysely<InformationSchema>;

export async function findRelation(db: Db, rel: Relation): Promise<ExistingRelation | null> {
  const rows = await relationsQuery(db, rel.schema, rel.database)
    .where((eb) => eb(eb.fn('lower', ['table_name']), '=', rel.identifier.toLowerCase()))
    .execute();
  return rows.length ? toRelation(rows[0], rel.database) : null;
}

export async function listRelations(db: Db, schema: string, database?: string): Promise<ExistingRelation[]> {
  const rows = await relationsQuery(db, schema, database).orderBy('table_name').execute();
  return rows.map((row) => toRelation(row, database));
}

export async function listColumns(db: Db, rel: Relation): Promise<ColumnInfo[]> {
  const rows = await db
    .selectFrom('information_schema.columns')
    .select(['column_name', 'data_type'])
    .where('table_catalog', '=', catalog(rel.database))
    .where((eb) => eb(eb.fn('lower', ['table_schema']), '=', rel.schema.toLowerCase()))
    .where((eb) => eb(eb.fn('lower', ['table_name']), '=', rel.identifier.toLowerCase()))
    .orderBy('ordinal_position')
    .execute();
  return rows.map((r) => ({ name: r.column_name, type: r.data_type.toUpperCase() }));
}

function relationsQuery(db: Db, schema: string, database?: string) {
  return db
    .selectFrom('information_schema.tables')
    .select(['table_schema', 'table_name', 'table_type'])
    .where('table_catalog', '=', catalog(database))
    .where((eb) => eb(eb.fn('lower', ['table_schema']), '=', schema.toLowerCase()));
}

function catalog(database: string | undefined): string | Expression<string> {
  return database ?? sql<string>`current_database()`;
}

function toRelation(row: { table_schema: string; table_name: string; table_type: string }, database?: string): ExistingRelation {
  return {
    ...(database === undefined ? {} : { database }),
    schema: row.table_schema,
    identifier: row.table_name,
    type: row.table_type === 'VIEW' ? 'view' : 'table',
  };
}
