import { assertFiniteInteger, isBlankText, wholePartition, type AnalyticsDialect, type TimeUnit } from '../analytics-dialect.js';
import { athenaCapabilities } from './capabilities.js';
import { athenaStringLiteral } from './literals.js';
import { STANDARD_TYPES as TYPES } from '../logical-types.js';

const quote = athenaStringLiteral;
const EPOCH = "TIMESTAMP '1970-01-01 00:00:00'";

/** Trino has no exact median aggregate (only approx_percentile): the middle of the sorted array. */
function exactMedian(expr: string): string {
  const sorted = `array_sort(array_agg(CAST(${expr} AS DOUBLE)) FILTER (WHERE ${expr} IS NOT NULL))`;
  return `((element_at(${sorted}, (cardinality(${sorted}) + 1) / 2) + element_at(${sorted}, (cardinality(${sorted}) + 2) / 2)) / 2)`;
}

/** Trino (Athena engine v3) spellings. */
export const athenaAnalytics: AnalyticsDialect = {
  name: 'athena',
  stringLiteral: quote,
  timestampLiteral: (text) => `CAST(${quote(text)} AS TIMESTAMP)`,
  addInterval(ts: string, amount: number, unit: TimeUnit) {
    assertFiniteInteger(amount, 'interval amount');
    return `date_add('${unit}', ${amount}, ${ts})`;
  },
  diffMilliseconds: (from, to) => `date_diff('millisecond', ${from}, ${to})`,
  dateOf: (ts) => `CAST(${ts} AS DATE)`,
  // Trino's md5 works on varbinary
  md5Hex: (text) => `lower(to_hex(md5(to_utf8(${text}))))`,
  orderedList: (expr, orderBy, filter) => `array_agg(${expr} ORDER BY ${orderBy})${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  listIsString: false,
  listDelimiter: '',
  // Trino puts IGNORE NULLS after the call, not inside it
  firstValueIgnoreNulls: (expr, partitionBy, orderBy) => `first_value(${expr}) IGNORE NULLS ${wholePartition(partitionBy, orderBy)}`,
  interval(amount: number, unit: TimeUnit) {
    assertFiniteInteger(amount, 'interval amount');
    // Trino's interval fields stop at SECOND; milliseconds are its fraction
    if (unit === 'millisecond') return `INTERVAL '${(amount / 1000).toFixed(3)}' SECOND`;
    return `INTERVAL '${amount}' ${unit.toUpperCase()}`;
  },
  dateTrunc: (grain, ts) => `CAST(date_trunc('${grain}', ${ts}) AS DATE)`,
  epochMillis: (ts) => `date_diff('millisecond', ${EPOCH}, ${ts})`,
  // not to_unixtime: it reads a TIMESTAMP in the session's time zone
  epochSeconds: (ts) => `(CAST(date_diff('millisecond', ${EPOCH}, ${ts}) AS DOUBLE) / 1000)`,
  fromEpochMillis: (ms) => `date_add('millisecond', ${ms}, ${EPOCH})`,
  median: exactMedian,
  typeName: (type) => TYPES[type],
  supportsQualify: athenaCapabilities.qualify,
  isBlank: isBlankText,
  // a zoned value keeps its own zone's wall time through CAST(.. AS TIMESTAMP): go through UTC first;
  // a TIMESTAMP becomes zoned in the session zone, UTC on Athena, so it comes through unchanged
  utcTimestamp: (expr) => `CAST(at_timezone(CAST(${expr} AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3))`,
};
