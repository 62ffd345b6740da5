/** The parts of DuckDB's information_schema keel reads, as a Kysely database type. */
export interface InformationSchema {
  'information_schema.schemata': {
    catalog_name: string;
    schema_name: string;
  };
  'information_schema.tables': {
    table_catalog: string;
    table_schema: string;
    table_name: string;
    /** 'BASE TABLE' | 'VIEW' | 'LOCAL TEMPORARY' */
    table_type: string;
  };
  'information_schema.columns': {
    table_catalog: string;
    table_schema: string;
    table_name: string;
    column_name: string;
    ordinal_position: number;
    column_default: string | null;
    is_nullable: 'YES' | 'NO';
    data_type: string;
  };
}
