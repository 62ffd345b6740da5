import type { TargetConfig } from '../project/schema.js';
import type { AnalyticsDialect } from './analytics-dialect.js';
import { analyticsDialectFor as analyticsDialectNamed } from './analytics-dialects.js';
import { ansiQuoting, type Quoting } from './quoting.js';
import { redshiftStringLiteral } from './redshift/literals.js';

// Apart from the registry: compiling needs these strings, not Kysely or a driver, and a warm
// `keel compile` pays for every module it loads.

/** How compiled SQL quotes names on this target. */
export function quotingFor(target: TargetConfig): Quoting {
  switch (target.type) {
    case 'duckdb':
    case 'athena':
      return ansiQuoting;
    case 'redshift':
      return { ...ansiQuoting, stringLiteral: redshiftStringLiteral };
  }
}

/** The analytics kinds' SQL spellings on this target, so `keel compile` can plan them without a driver. */
export function analyticsDialectFor(target: Pick<TargetConfig, 'type'>): AnalyticsDialect {
  return analyticsDialectNamed(target.type);
}
