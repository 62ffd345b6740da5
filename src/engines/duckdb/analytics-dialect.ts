import { assertFiniteInteger, isBlankText, wholePartition, type AnalyticsDialect, type TimeUnit } from '../analytics-dialect.js';
import { duckdbCapabilities } from './capabilities.js';
import { duckdbStringLiteral } from './literals.js';
import { STANDARD_TYPES as TYPES } from '../logical-types.js';

const quote = duckdbStringLiteral;

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
  interval(amount: number, unit: TimeUnit) {
    assertFiniteInteger(amount, 'interval amount');
    return `INTERVAL (${amount}) ${unit.toUpperCase()}`;
  },
  dateTrunc: (grain, ts) => `CAST(date_trunc('${grain}', ${ts}) AS DATE)`,
  epochMillis: (ts) => `epoch_ms(${ts})`,
  epochSeconds: (ts) => `epoch(${ts})`,
  fromEpochMillis: (ms) => `epoch_ms(CAST(${ms} AS BIGINT))`,
  // interpolates lo + (hi - lo) * 0.5: the same double as (lo + hi) / 2 for integers
  median: (expr) => `median(CAST(${expr} AS DOUBLE))`,
  typeName: (type) => TYPES[type],
  supportsQualify: duckdbCapabilities.qualify,
  groupArrays: {
    collect: (expr, filter) => `list(${expr}) FILTER (WHERE ${filter})`,
    minWhere: (array, param, condition) => `list_min(list_filter(${array}, lambda ${param}: ${condition}))`,
    // structs compare field by field with NULLs last, which is exactly the tie rule; FILTER rather
    // than CASE, which would build a struct for every row
    valueAtMinKey: (key, value, filter) => `struct_extract(min(struct_pack(k := ${key}, v := ${value})) FILTER (WHERE ${filter}), 'v')`,
  },
  isBlank: isBlankText,
  // keel pins DuckDB sessions to UTC, so the plain cast reads a TIMESTAMPTZ as UTC
  utcTimestamp: (expr) => `CAST(${expr} AS TIMESTAMP)`,
};
