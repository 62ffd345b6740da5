import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';
import type { ColumnInfo } from '../../engine.js';

/**
 * Converts Data API values to plain JS, matching what the DuckDB engine returns so tests and
 * artifacts compare across engines:
 *
 * - integers arrive as `longValue`, doubles as `doubleValue`, booleans as `booleanValue`: kept.
 * - NUMERIC/DECIMAL arrive as strings: `number` (analytics values, not ledgers; as on DuckDB).
 * - TIMESTAMP arrives as `YYYY-MM-DD HH:MM:SS[.ffffff]` without zone: a `Date` read as UTC, which
 *   is how Redshift stores it. TIMESTAMPTZ carries its offset.
 * - DATE stays the `YYYY-MM-DD` string, so a day never shifts with the reader's time zone.
 * - everything else (VARCHAR, CHAR, TIME, SUPER as JSON text, ...) as the string the API sends.
 */
export function fieldToJs(field: Field, column: ColumnMetadata | undefined): unknown {
  if (field.isNull) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.blobValue !== undefined) return field.blobValue;
  if (field.stringValue === undefined) return null;
  return stringToJs(field.stringValue, (column?.typeName ?? '').toLowerCase());
}

function stringToJs(value: string, typeName: string): unknown {
  switch (typeName) {
    case 'numeric':
    case 'decimal':
      return Number(value);
    case 'int8':
    case 'int4':
    case 'int2':
    case 'bigint':
    case 'integer': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    }
    case 'float4':
    case 'float8':
    case 'float':
    case 'real':
    case 'double precision':
      return Number(value);
    case 'bool':
    case 'boolean':
      return value === 't' || value === 'true';
    case 'timestamp':
      return toDate(`${value.replace(' ', 'T')}Z`, value);
    case 'timestamptz':
      return toDate(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'), value);
    default:
      return value;
  }
}

/** Values a Date cannot hold (years beyond 275760, 'infinity') stay strings. */
function toDate(iso: string, original: string): Date | string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? original : d;
}

const TYPE_NAMES: Record<string, string> = {
  int2: 'SMALLINT',
  int4: 'INTEGER',
  int8: 'BIGINT',
  float4: 'REAL',
  float8: 'DOUBLE PRECISION',
  bool: 'BOOLEAN',
  bpchar: 'CHAR',
  varchar: 'VARCHAR',
  timestamptz: 'TIMESTAMPTZ',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
};

/** The column as the engine interface describes it: name and upper-case Redshift type. */
export function columnInfo(column: ColumnMetadata): ColumnInfo {
  const raw = (column.typeName ?? 'unknown').toLowerCase();
  let type = TYPE_NAMES[raw] ?? raw.toUpperCase();
  if ((raw === 'numeric' || raw === 'decimal') && column.precision) type = `NUMERIC(${column.precision},${column.scale ?? 0})`;
  return { name: column.label || column.name || '?column?', type };
}
