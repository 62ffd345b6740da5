import { DuckDBBlobValue, DuckDBListValue, DuckDBMapValue, DuckDBStructValue, DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import { athenaColumnType } from '../../lake/types.js';

export interface AthenaColumnInfo {
  CatalogName: string;
  SchemaName: string;
  TableName: string;
  Name: string;
  Label: string;
  Type: string;
  Precision: number;
  Scale: number;
  Nullable: 'UNKNOWN';
  CaseSensitive: boolean;
}

export interface ResultSetData {
  columns: AthenaColumnInfo[];
  /** values in Athena's text form; null is NULL */
  rows: Array<Array<string | null>>;
}

/** A DuckDB result as Athena returns it: ColumnInfo with Athena's type names, every value as text. */
export function toResultSet(reader: { columnNames(): string[]; columnTypes(): Array<{ toString(): string }>; getRows(): DuckDBValue[][] }): ResultSetData {
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  const columns = names.map((name, i) => {
    const t = athenaColumnType(types[i]!);
    return {
      CatalogName: 'hive',
      SchemaName: '',
      TableName: '',
      Name: name,
      Label: name,
      Type: t.Type,
      Precision: t.Precision ?? 0,
      Scale: t.Scale ?? 0,
      Nullable: 'UNKNOWN' as const,
      CaseSensitive: t.Type === 'varchar',
    };
  });
  return { columns, rows: reader.getRows().map((row) => row.map(athenaText)) };
}

/** Athena's text for a value: timestamps with milliseconds, arrays `[a, b]`, rows and maps `{k=v}`, varbinary as spaced hex. */
export function athenaText(v: DuckDBValue): string | null {
  if (v === null) return null;
  if (v instanceof DuckDBTimestampValue) return timestampText(v.micros);
  if (v instanceof DuckDBBlobValue) return [...v.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  if (v instanceof DuckDBListValue) return `[${v.items.map((x) => athenaText(x) ?? 'null').join(', ')}]`;
  if (v instanceof DuckDBStructValue)
    return `{${Object.entries(v.entries)
      .map(([k, x]) => `${k}=${athenaText(x) ?? 'null'}`)
      .join(', ')}}`;
  if (v instanceof DuckDBMapValue) return `{${v.entries.map((e) => `${athenaText(e.key)}=${athenaText(e.value) ?? 'null'}`).join(', ')}}`;
  return String(v);
}

function timestampText(micros: bigint): string {
  const ms = micros / 1000n;
  const sub = Number(((micros % 1000n) + 1000n) % 1000n);
  const iso = new Date(Number(ms)).toISOString().replace('T', ' ').replace('Z', '');
  return sub ? `${iso}${String(sub).padStart(3, '0')}` : iso;
}
