import { KeelError } from '../../core/errors.js';
import { trinoLiteral } from './trino-literal.js';

/** Units Trino's date_add, date_diff and date_trunc take, as quoted strings. */
const DATE_UNITS = new Set(['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year']);

function dateUnit(unit: string): string {
  const u = unit.trim().toLowerCase().replace(/s$/, '');
  if (!DATE_UNITS.has(u)) throw new KeelError(`unknown date unit '${unit}' for Athena (use one of ${[...DATE_UNITS].join(', ')})`);
  return trinoLiteral(u);
}

/**
 * Trino (Athena engine v3) spellings of what the analytics kinds (journeys, funnels, segments)
 * need, in the shape the other engines' dialects expose. Arguments are SQL expressions already
 * quoted by the caller.
 */
export const athenaSqlFunctions = {
  /** `expr + amount unit`: date_add('day', 7, ts); keeps the type of `expr`. */
  dateAdd(unit: string, amountSql: string | number, exprSql: string): string {
    return `date_add(${dateUnit(unit)}, ${amountSql}, ${exprSql})`;
  },
  /** Whole `unit`s from `startSql` to `endSql`: date_diff('minute', a, b). */
  dateDiff(unit: string, startSql: string, endSql: string): string {
    return `date_diff(${dateUnit(unit)}, ${startSql}, ${endSql})`;
  },
  dateTrunc(unit: string, exprSql: string): string {
    return `date_trunc(${dateUnit(unit)}, ${exprSql})`;
  },
  /** Ordered concatenation in a group, through an array (Trino's listagg is not in every Athena release). */
  stringAgg(exprSql: string, delimiter: string, orderBySql?: string): string {
    return `array_join(array_agg(${exprSql}${orderBySql ? ` ORDER BY ${orderBySql}` : ''}), ${trinoLiteral(delimiter)})`;
  },
  arrayAgg(exprSql: string, orderBySql?: string): string {
    return `array_agg(${exprSql}${orderBySql ? ` ORDER BY ${orderBySql}` : ''})`;
  },
  arrayContains(arraySql: string, valueSql: string): string {
    return `contains(${arraySql}, ${valueSql})`;
  },
  arrayLength(arraySql: string): string {
    return `cardinality(${arraySql})`;
  },
  /** Lower-case hex SHA-256 of a string: Trino's sha256 takes and returns varbinary. */
  sha256Hex(exprSql: string): string {
    return `lower(to_hex(sha256(to_utf8(${exprSql}))))`;
  },
  /** Trino has no QUALIFY: filter window results in an outer query. */
  supportsQualify: false,
  supportsArrays: true,
} as const;
