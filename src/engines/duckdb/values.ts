import {
  DuckDBTypeId,
  JSDuckDBValueConverter,
  blobValue,
  listValue,
  timestampValue,
  type DuckDBDecimalValue,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';

/**
 * Converts DuckDB result values to plain JS, the same for `engine.execute` and Kysely queries:
 *
 * - BIGINT, HUGEINT and unsigned variants: `number` when it is a safe integer, else a decimal `string`
 *   (never `bigint`: results end up in JSON artifacts and test fixtures, which cannot hold bigints).
 * - DECIMAL: `number` (a double; analytics values, not ledgers).
 * - TIMESTAMP / TIMESTAMPTZ / TIMESTAMP_S|MS|NS: JS `Date`. A TIMESTAMP without zone is read as UTC,
 *   which is how DuckDB stores it. Values a `Date` cannot hold (infinity, year 300000) become DuckDB's string.
 * - DATE: `'YYYY-MM-DD'` string, so a calendar day never shifts with the reader's time zone.
 * - TIME, TIMETZ, INTERVAL: DuckDB's string form.
 * - everything else (VARCHAR, BOOLEAN, DOUBLE, LIST, STRUCT, ...) as @duckdb/node-api's JS conversion,
 *   with nested values converted by these same rules.
 */
export const toJsValue: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return bigintToJs(value as bigint);
    case DuckDBTypeId.DECIMAL:
      return (value as DuckDBDecimalValue).toDouble();
    case DuckDBTypeId.DATE:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.INTERVAL:
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampToJs(value, type, converter);
    default:
      return JSDuckDBValueConverter(value, type, converter as DuckDBValueConverter<JS>);
  }
};

function bigintToJs(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function timestampToJs(...args: Parameters<DuckDBValueConverter<unknown>>): Date | string {
  try {
    return JSDuckDBValueConverter(args[0], args[1], args[2] as DuckDBValueConverter<JS>) as Date;
  } catch {
    // node-api throws for values outside the JS Date range
    return String(args[0]);
  }
}

/**
 * Converts a Kysely query parameter to a value DuckDB can bind. A `Date` binds as a TIMESTAMP in UTC,
 * mirroring how timestamps are read back.
 */
export function toDuckDBValue(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return value;
  }
  if (value instanceof Date) return timestampValue(BigInt(value.getTime()) * 1000n);
  if (value instanceof Uint8Array) return blobValue(value);
  if (Array.isArray(value)) return listValue(value.map(toDuckDBValue));
  if (Object.getPrototypeOf(value) === Object.prototype) {
    throw new TypeError('cannot bind a plain object as a DuckDB parameter; pass JSON.stringify(value)');
  }
  // DuckDB value objects (decimalValue(...), dateValue(...)) bind as they are
  return value as DuckDBValue;
}
