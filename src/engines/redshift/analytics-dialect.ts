import { assertFiniteInteger, isBlankText, wholePartition, type AnalyticsDialect, type TimeUnit } from '../analytics-dialect.js';
import { redshiftCapabilities } from './capabilities.js';
import { redshiftStringLiteral } from './literals.js';
import { REDSHIFT_TYPES as TYPES } from './types.js';

const quote = redshiftStringLiteral;
const DELIMITER = ' > ';
const EPOCH = "TIMESTAMP '1970-01-01 00:00:00'";

export const redshiftAnalytics: AnalyticsDialect = {
  name: 'redshift',
  stringLiteral: quote,
  timestampLiteral: (text) => `CAST(${quote(text)} AS TIMESTAMP)`,
  addInterval(ts: string, amount: number, unit: TimeUnit) {
    assertFiniteInteger(amount, 'interval amount');
    return `dateadd(${unit}, ${amount}, ${ts})`;
  },
  diffMilliseconds: (from, to) => `datediff(millisecond, ${from}, ${to})`,
  dateOf: (ts) => `CAST(${ts} AS DATE)`,
  md5Hex: (text) => `md5(${text})`,
  // no arrays in Redshift tables (SUPER aside) and no FILTER clause: listagg skips the NULLs the CASE leaves
  orderedList: (expr, orderBy, filter) =>
    `listagg(${filter ? `CASE WHEN ${filter} THEN ${expr} END` : expr}, ${quote(DELIMITER)}) WITHIN GROUP (ORDER BY ${orderBy})`,
  listIsString: true,
  listDelimiter: DELIMITER,
  firstValueIgnoreNulls: (expr, partitionBy, orderBy) => `first_value(${expr} IGNORE NULLS) ${wholePartition(partitionBy, orderBy)}`,
  interval(amount: number, unit: TimeUnit) {
    assertFiniteInteger(amount, 'interval amount');
    return `INTERVAL '${amount} ${unit}'`;
  },
  dateTrunc: (grain, ts) => `CAST(date_trunc('${grain}', ${ts}) AS DATE)`,
  epochMillis: (ts) => `datediff(millisecond, ${EPOCH}, ${ts})`,
  epochSeconds: (ts) => `(CAST(datediff(millisecond, ${EPOCH}, ${ts}) AS DOUBLE PRECISION) / 1000)`,
  // not dateadd: its amount is a 32-bit integer, too small for milliseconds since 1970
  fromEpochMillis: (ms) => `(${EPOCH} + (${ms}) * INTERVAL '1 millisecond')`,
  median: (expr) => `median(CAST(${expr} AS DOUBLE PRECISION))`,
  typeName: (type) => TYPES[type],
  supportsQualify: redshiftCapabilities.qualify,
  isBlank: isBlankText,
  // not CAST(.. AS TIMESTAMP): a TIMESTAMPTZ would come out in the session's time zone (a user's
  // timezone setting); CONVERT_TIMEZONE with no source takes a TIMESTAMP as UTC
  utcTimestamp: (expr) => `CONVERT_TIMEZONE('UTC', ${expr})`,
};
