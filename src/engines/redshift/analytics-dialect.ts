import { assertFiniteInteger, wholePartition, type AnalyticsDialect, type TimeUnit } from '../analytics-dialect.js';

// Redshift reads a backslash in a literal as an escape: double it along with quotes
const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
const DELIMITER = ' > ';

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
};
