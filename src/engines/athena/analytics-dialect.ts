import { assertFiniteInteger, wholePartition, type AnalyticsDialect, type TimeUnit } from '../analytics-dialect.js';

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

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
};
