/**
 * SQL fragments the analytics kinds (journey, funnel, segment) need and that engines spell
 * differently. Pure string functions: arguments are SQL expressions the caller already quoted,
 * results are expressions. No driver is loaded, so planners and golden tests can use every engine's
 * spelling anywhere.
 *
 * Shared by the journey/segment and the funnel kinds: keep each function small and engine-neutral
 * in meaning (documented here), add what a kind lacks rather than spelling SQL in the kind.
 * (Started by the journey/segment work; the funnel work extends it.)
 */
export type AnalyticsDialectName = 'duckdb' | 'athena' | 'redshift';

export type TimeUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day';

export interface AnalyticsDialect {
  readonly name: AnalyticsDialectName;

  /** A string literal. */
  stringLiteral(value: string): string;
  /** A TIMESTAMP (without time zone) literal from `YYYY-MM-DD HH:MM:SS[.mmm]`. */
  timestampLiteral(text: string): string;
  /** `ts` moved by `amount` (may be negative) `unit`s; keeps the timestamp type. */
  addInterval(ts: string, amount: number, unit: TimeUnit): string;
  /** Whole milliseconds from `from` to `to` (negative when `to` is earlier), as a bigint. */
  diffMilliseconds(from: string, to: string): string;
  /** The calendar date of a timestamp. */
  dateOf(ts: string): string;
  /** Lower-case hex MD5 of a string expression. */
  md5Hex(text: string): string;

  /**
   * Ordered aggregation of `expr` over the group, keeping only rows where `filter` holds (when
   * given): an array on DuckDB and Athena, a string joined with `listDelimiter` on Redshift
   * (which has no array type for tables).
   */
  orderedList(expr: string, orderBy: string, filter?: string): string;
  /** true when orderedList gives a delimited string rather than an array */
  readonly listIsString: boolean;
  readonly listDelimiter: string;

  /** Window function: the first non-null `expr` of the partition in `orderBy` order. */
  firstValueIgnoreNulls(expr: string, partitionBy: string, orderBy: string): string;
}

/** Milliseconds in one `unit`. */
export const UNIT_MS: Record<TimeUnit, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export function assertFiniteInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be an integer, got ${n}`);
}

const FULL_FRAME = 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';

/** The window clause shared by every engine's firstValueIgnoreNulls. */
export function wholePartition(partitionBy: string, orderBy: string): string {
  return `OVER (PARTITION BY ${partitionBy} ORDER BY ${orderBy} ${FULL_FRAME})`;
}
