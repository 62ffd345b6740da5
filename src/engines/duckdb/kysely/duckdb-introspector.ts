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
import type { InformationSchema } from '../information-schema.js';

const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** Kysely's introspector over DuckDB's information_schema, for the current database. */
export class DuckDBIntrospector implements DatabaseIntrospector {
  private readonly db: Kysely<InformationSchema>;

  constructor(db: Kysely<any>) {
    this.db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await this.db
      .selectFrom('information_schema.schemata')
      .select('schema_name')
      .where('catalog_name', '=', sql<string>`current_database()`)
      .orderBy('schema_name')
      .execute();
    return rows.map((r) => ({ name: r.schema_name }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const rows = await this.db
      .selectFrom('information_schema.columns as c')
      .innerJoin('information_schema.tables as t', (join) =>
        join.onRef('t.table_catalog', '=', 'c.table_catalog').onRef('t.table_schema', '=', 'c.table_schema').onRef('t.table_name', '=', 'c.table_name'),
      )
      .select(['c.table_schema', 'c.table_name', 't.table_type', 'c.column_name', 'c.data_type', 'c.is_nullable', 'c.column_default'])
      .where('c.table_catalog', '=', sql<string>`current_database()`)
      .$if(!options.withInternalKyselyTables, (q) => q.where('c.table_name', 'not in', KYSELY_TABLES))
      .orderBy('c.table_schema')
      .orderBy('c.table_name')
      .orderBy('c.ordinal_position')
      .execute();

    // DuckDB has no serial columns; defaults such as nextval('seq') show up as hasDefaultValue
    return tablesFromColumnRows(rows, () => false);
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
