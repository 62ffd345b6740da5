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
import type { LogicalType } from './statement-sql.js';
import type { EngineType } from './engine-type.js';

export type AnalyticsDialectName = EngineType;

export type TimeUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day';

/** Calendar periods for reporting; weeks start on Monday (ISO) on every engine. */
export type DateGrain = 'day' | 'week' | 'month';

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

  /** An INTERVAL literal of `amount` `unit`s (e.g. from a config string like '7 days'). */
  interval(amount: number, unit: TimeUnit): string;
  /** The first day of the `grain` period holding `ts`, as a DATE. */
  dateTrunc(grain: DateGrain, ts: string): string;
  /**
   * Whole milliseconds from 1970-01-01 00:00:00 to a TIMESTAMP, as a bigint. Comparing and
   * subtracting these integers is exact on every engine, unlike timestamp arithmetic.
   */
  epochMillis(ts: string): string;
  /** Seconds from 1970-01-01 00:00:00 to a TIMESTAMP, as a DOUBLE (with the fraction). */
  epochSeconds(ts: string): string;
  /** The TIMESTAMP `ms` milliseconds after 1970-01-01 00:00:00 (the inverse of epochMillis). */
  fromEpochMillis(ms: string): string;
  /**
   * Aggregate: the exact median of a numeric expression as a DOUBLE, NULLs ignored; the mean of
   * the two middle values for an even count. Exact for integers (such as milliseconds), so every
   * engine gives the same bits.
   */
  median(expr: string): string;
  /** The engine's name for a keel logical type, for CASTs. */
  typeName(type: LogicalType): string;
  /** whether `QUALIFY` filters on window functions (otherwise wrap the query and filter outside) */
  readonly supportsQualify: boolean;
  /**
   * Set on single-node engines, where gathering a group's values into an array and scanning it
   * with a lambda is cheaper than a window pass per dependent step. Distributed engines leave it
   * out: a heavy person's array would gather on one worker, window functions keep them parallel.
   */
  readonly groupArrays?: GroupArrays;
  /**
   * Condition: a text expression is empty or only blanks (space, tab, CR, LF); NULL for NULL. The
   * analytics kinds read such an id (SDKs send `user_id: ''`) as no id.
   */
  isBlank(text: string): string;
  /**
   * An input time (TIMESTAMP, TIMESTAMP WITH TIME ZONE, or text) as a TIMESTAMP holding its UTC
   * wall time, whatever the session's or the value's own time zone. A TIMESTAMP is taken as UTC.
   */
  utcTimestamp(expr: string): string;
}

/** Per-group arrays (see AnalyticsDialect.groupArrays). */
export interface GroupArrays {
  /** Aggregate: the values of `expr` of the group's rows where `filter` holds, in no particular order. */
  collect(expr: string, filter: string): string;
  /** The smallest element of `array` for which `condition` (an expression of `param`) holds; NULL when none does. */
  minWhere(array: string, param: string, condition: string): string;
  /**
   * Aggregate over the rows where `filter` holds: among those with the smallest `key` (never
   * NULL), the smallest non-null `value` (NULL when they all have NULL).
   */
  valueAtMinKey(key: string, value: string, filter: string): string;
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

// space, tab, LF and CR, spelled with chr() so that no literal holds a control character
const BLANKS = "chr(9) || chr(10) || chr(13) || ' '";

/** The isBlank spelling every engine shares: TRIM of those four characters leaves nothing. */
export function isBlankText(text: string): string {
  return `TRIM(BOTH ${BLANKS} FROM ${text}) = ''`;
}
