import { KeelError } from '../../core/errors.js';
import { redshiftStringLiteral } from './literals.js';

/** Date parts DATEADD and DATEDIFF take on Redshift, written unquoted. */
const DATE_PARTS = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond']);

function datePart(unit: string): string {
  const part = unit.trim().toLowerCase().replace(/s$/, '');
  if (!DATE_PARTS.has(part)) throw new KeelError(`unknown date part '${unit}' for Redshift (use one of ${[...DATE_PARTS].join(', ')})`);
  return part;
}

/**
 * Redshift spellings of what the analytics kinds (journeys, funnels, segments) need. Arguments
 * are SQL expressions, already quoted by the caller; units and delimiters are checked here.
 */
export const redshiftSqlFunctions = {
  /** `expr + amount unit`: DATEADD(day, 7, ts). Returns a TIMESTAMP, also for a DATE. */
  dateAdd(unit: string, amountSql: string | number, exprSql: string): string {
    return `dateadd(${datePart(unit)}, ${amountSql}, ${exprSql})`;
  },
  /** Whole `unit` boundaries crossed from `startSql` to `endSql`: DATEDIFF(minute, a, b). */
  dateDiff(unit: string, startSql: string, endSql: string): string {
    return `datediff(${datePart(unit)}, ${startSql}, ${endSql})`;
  },
  /** Ordered concatenation in a group. Redshift has no arrays: paths and lists are delimited strings. */
  stringAgg(exprSql: string, delimiter: string, orderBySql?: string): string {
    const agg = `listagg(${exprSql}, ${redshiftStringLiteral(delimiter)})`;
    return orderBySql ? `${agg} within group (order by ${orderBySql})` : agg;
  },
  /** Redshift filters on window functions with QUALIFY, as DuckDB does. */
  supportsQualify: true,
  /** No ARRAY type: ordered lists are built as delimited VARCHARs. */
  supportsArrays: false,
} as const;
