import type { ColumnInfo as AthenaColumnInfo } from '@aws-sdk/client-athena';
import type { ColumnInfo } from '../../engine.js';

/**
 * Athena returns every value as text; ColumnInfo says how to read it. Values come out as the
 * DuckDB engine gives them, so results and tests read the same on both:
 * integers and decimals as numbers (BIGINT beyond 2^53 as a decimal string), DATE as 'YYYY-MM-DD',
 * TIMESTAMP as a Date read as UTC, booleans as booleans; arrays, maps, rows, time, intervals and
 * varbinary stay in Athena's text form. A missing VarCharValue is NULL.
 */
export function valueReader(column: AthenaColumnInfo): (text: string | undefined) => unknown {
  const read = readerForType((column.Type ?? 'varchar').toLowerCase());
  return (text) => (text === undefined ? null : read(text));
}

function readerForType(type: string): (text: string) => unknown {
  switch (type) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'double':
    case 'float':
    case 'real':
    case 'decimal':
      return Number;
    case 'bigint':
      return (t) => (Number.isSafeInteger(Number(t)) ? Number(t) : t);
    case 'boolean':
      return (t) => t === 'true';
    case 'timestamp':
      return readTimestamp;
    case 'timestamp with time zone':
      return (t) => (/ UTC$/.test(t) ? readTimestamp(t.slice(0, -4)) : t);
    default:
      return (t) => t;
  }
}

function readTimestamp(text: string): Date | string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*$/.exec(text);
  if (!m) return text;
  const d = new Date(`${m[1]}T${m[2]}${m[3] ?? ''}Z`);
  return Number.isNaN(d.getTime()) ? text : d;
}

/** keel's column description: upper-case type names, with precision where Athena gives one. */
export function columnInfo(column: AthenaColumnInfo): ColumnInfo {
  const type = (column.Type ?? 'varchar').toUpperCase();
  const withPrecision = type === 'DECIMAL' && column.Precision !== undefined ? `DECIMAL(${column.Precision},${column.Scale ?? 0})` : type;
  return { name: column.Name ?? column.Label ?? '', type: withPrecision };
}
