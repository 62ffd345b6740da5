import {
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';
import { tablesFromColumnRows } from '../../table-metadata.js';
import type { RedshiftSystemTables } from '../system-tables.js';

const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** Kysely's introspector over SVV_TABLES / SVV_COLUMNS of the connected database. */
export class RedshiftIntrospector implements DatabaseIntrospector {
  private readonly db: Kysely<RedshiftSystemTables>;

  constructor(db: Kysely<any>) {
    this.db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await this.db
      .selectFrom('pg_catalog.pg_namespace')
      .select('nspname')
      // pg_catalog, pg_toast, pg_temp_N, ...
      .where(sql<string>`left(nspname, 3)`, '<>', 'pg_')
      .where('nspname', '<>', 'information_schema')
      .orderBy('nspname')
      .execute();
    return rows.map((r) => ({ name: r.nspname }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const rows = await this.db
      .selectFrom('svv_columns as c')
      .innerJoin('svv_tables as t', (join) =>
        join.onRef('t.table_catalog', '=', 'c.table_catalog').onRef('t.table_schema', '=', 'c.table_schema').onRef('t.table_name', '=', 'c.table_name'),
      )
      .select(['c.table_schema', 'c.table_name', 't.table_type', 'c.column_name', 'c.data_type', 'c.is_nullable', 'c.column_default'])
      .where('c.table_catalog', '=', sql<string>`current_database()`)
      .where('c.table_schema', 'not in', ['pg_catalog', 'information_schema'])
      .$if(!options.withInternalKyselyTables, (q) => q.where('c.table_name', 'not in', KYSELY_TABLES))
      .orderBy('c.table_schema')
      .orderBy('c.table_name')
      .orderBy('c.ordinal_position')
      .execute();

    // IDENTITY columns show a default of "identity(...)"
    return tablesFromColumnRows(rows, (r) => (r.column_default ?? '').toLowerCase().startsWith('identity'));
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
