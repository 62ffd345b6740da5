import { assertFiniteInteger, wholePartition, type AnalyticsDialect, type TimeUnit } from '../analytics-dialect.js';

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const duckdbAnalytics: AnalyticsDialect = {
  name: 'duckdb',
  stringLiteral: quote,
  timestampLiteral: (text) => `CAST(${quote(text)} AS TIMESTAMP)`,
  addInterval(ts: string, amount: number, unit: TimeUnit) {
    assertFiniteInteger(amount, 'interval amount');
    return `(${ts} + INTERVAL (${amount}) ${unit.toUpperCase()})`;
  },
  diffMilliseconds: (from, to) => `date_diff('millisecond', ${from}, ${to})`,
  dateOf: (ts) => `CAST(${ts} AS DATE)`,
  md5Hex: (text) => `md5(${text})`,
  orderedList: (expr, orderBy, filter) => `list(${expr} ORDER BY ${orderBy})${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  listIsString: false,
  listDelimiter: '',
  firstValueIgnoreNulls: (expr, partitionBy, orderBy) => `first_value(${expr} IGNORE NULLS) ${wholePartition(partitionBy, orderBy)}`,
};
