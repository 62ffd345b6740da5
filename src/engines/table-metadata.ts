import type { TableMetadata } from 'kysely';

/** One column of an information_schema-like listing, ordered by schema, table and position. */
export interface ColumnRow {
  table_schema: string;
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
}

/** Kysely's table metadata from column rows; engines differ in how an auto-increment column shows. */
export function tablesFromColumnRows(rows: ColumnRow[], isAutoIncrementing: (row: ColumnRow) => boolean): TableMetadata[] {
  const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
  for (const r of rows) {
    const key = JSON.stringify([r.table_schema, r.table_name]);
    let table = tables.get(key);
    if (!table) {
      table = { schema: r.table_schema, name: r.table_name, isView: r.table_type === 'VIEW', columns: [] };
      tables.set(key, table);
    }
    table.columns.push({
      name: r.column_name,
      dataType: r.data_type,
      isNullable: r.is_nullable === 'YES',
      hasDefaultValue: r.column_default !== null,
      isAutoIncrementing: isAutoIncrementing(r),
    });
  }
  return [...tables.values()];
}
