/**
 * The Redshift system views keel reads, as a Kysely database type. SVV_TABLES and SVV_COLUMNS
 * (unlike information_schema) also list late-binding views and their columns.
 */
export interface RedshiftSystemTables {
  svv_tables: {
    table_catalog: string;
    table_schema: string;
    table_name: string;
    /** 'BASE TABLE' | 'VIEW' | 'EXTERNAL TABLE' */
    table_type: string;
  };
  svv_columns: {
    table_catalog: string;
    table_schema: string;
    table_name: string;
    column_name: string;
    ordinal_position: number;
    column_default: string | null;
    is_nullable: string;
    data_type: string;
    character_maximum_length: number | null;
    numeric_precision: number | null;
    numeric_scale: number | null;
  };
  'pg_catalog.pg_namespace': {
    oid: number;
    nspname: string;
  };
}
