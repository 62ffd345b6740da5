import type { AnalyticsDialect, AnalyticsDialectName } from './analytics-dialect.js';
import { athenaAnalytics } from './athena/analytics-dialect.js';
import { duckdbAnalytics } from './duckdb/analytics-dialect.js';
import { redshiftAnalytics } from './redshift/analytics-dialect.js';

const BY_NAME: Record<AnalyticsDialectName, AnalyticsDialect> = {
  duckdb: duckdbAnalytics,
  athena: athenaAnalytics,
  redshift: redshiftAnalytics,
};

/** The analytics SQL spellings of an engine (pure strings: no driver is loaded). */
export function analyticsDialectFor(name: AnalyticsDialectName): AnalyticsDialect {
  return BY_NAME[name];
}
