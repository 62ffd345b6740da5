import { describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { duckdbAnalytics as d } from '../../src/engines/duckdb/analytics-dialect.js';
import type { AnalyticsDialect } from '../../src/engines/analytics-dialect.js';
import { analyticsDialectFor } from '../../src/engines/registry.js';

/** Every spelling of every engine, one line each: a change to any shows as a diff of these files. */
function spellings(a: AnalyticsDialect): string {
  const lines: Array<[string, string | boolean]> = [
    ['stringLiteral', a.stringLiteral("it's \\ here")],
    ['timestampLiteral', a.timestampLiteral('2025-01-01 10:00:00.250')],
    ['addInterval day', a.addInterval('ts', -7, 'day')],
    ['addInterval millisecond', a.addInterval('ts', 250, 'millisecond')],
    ['diffMilliseconds', a.diffMilliseconds('a', 'b')],
    ['dateOf', a.dateOf('ts')],
    ['md5Hex', a.md5Hex('email')],
    ['orderedList', a.orderedList('step', 'ts, id')],
    ['orderedList filtered', a.orderedList('step', 'ts', 'step IS NOT NULL')],
    ['listIsString', a.listIsString],
    ['listDelimiter', a.listDelimiter],
    ['firstValueIgnoreNulls', a.firstValueIgnoreNulls('utm_source', 'session_id', 'ts')],
    ['interval 7 day', a.interval(7, 'day')],
    ['interval 1500 millisecond', a.interval(1500, 'millisecond')],
    ['dateTrunc day', a.dateTrunc('day', 'ts')],
    ['dateTrunc week', a.dateTrunc('week', 'ts')],
    ['dateTrunc month', a.dateTrunc('month', 'ts')],
    ['epochMillis', a.epochMillis('ts')],
    ['epochSeconds', a.epochSeconds('ts')],
    ['fromEpochMillis', a.fromEpochMillis('ms')],
    ['median', a.median('x')],
    ['typeName string', a.typeName('string')],
    ['typeName double', a.typeName('double')],
    ['typeName timestamp', a.typeName('timestamp')],
    ['supportsQualify', a.supportsQualify],
    ['groupArrays', a.groupArrays !== undefined],
  ];
  if (a.groupArrays) {
    lines.push(
      ['groupArrays.collect', a.groupArrays.collect('ms', 'step = 2')],
      ['groupArrays.minWhere', a.groupArrays.minWhere('times', 't', 't >= start')],
      ['groupArrays.valueAtMinKey', a.groupArrays.valueAtMinKey('ms', 'device', 'step = 1')],
    );
  }
  return `${lines.map(([name, sql]) => `-- ${name}\n${String(sql)}`).join('\n')}\n`;
}

describe('analytics dialect spellings', () => {
  for (const engine of ['duckdb', 'athena', 'redshift'] as const) {
    it(engine, async () => {
      await expect(spellings(analyticsDialectFor(engine))).toMatchFileSnapshot(`analytics-dialect/${engine}.sql`);
    });
  }
});

describe('DuckDB runs its spellings', () => {
  it('gives the values every engine must give', async () => {
    const engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
    await engine.open();
    try {
      const ts = d.timestampLiteral('2025-01-05 10:00:00.250');
      const g = d.groupArrays!;
      const row = (
        await engine.execute(`SELECT
          CAST(${ts} + ${d.interval(2, 'day')} AS VARCHAR) AS plus_interval,
          CAST(${d.dateTrunc('week', ts)} AS VARCHAR) AS week,
          CAST(${d.dateTrunc('month', ts)} AS VARCHAR) AS month,
          ${d.epochMillis(ts)} AS ms,
          ${d.epochSeconds(ts)} AS seconds,
          CAST(${d.fromEpochMillis(d.epochMillis(ts))} AS VARCHAR) AS round_trip,
          ${g.minWhere('[5, 3, 9]', 't', 't > 3')} AS min_where`)
      ).rows[0];
      expect(row).toEqual({
        plus_interval: '2025-01-07 10:00:00.25',
        week: '2024-12-30',
        month: '2025-01-01',
        ms: 1736071200250,
        seconds: 1736071200.25,
        round_trip: '2025-01-05 10:00:00.25',
        min_where: 5,
      });
      const agg = (
        await engine.execute(`SELECT ${d.median('x')} AS median, ${g.valueAtMinKey('k', 'v', 'k IS NOT NULL')} AS at_min
          FROM (VALUES (4, 2, 'b'), (1, 1, NULL), (10, 1, 'z'), (3, 1, 'c'), (NULL, NULL, 'a')) AS t(x, k, v)`)
      ).rows[0];
      // median of 1, 3, 4, 10; the smallest non-null value among the rows with the smallest key
      expect(agg).toEqual({ median: 3.5, at_min: 'c' });
    } finally {
      await engine.close();
    }
  });
});
