import type { SourceNode } from '../../core/nodes.js';

export type FreshnessCriteria = NonNullable<SourceNode['freshness']>;
type Threshold = NonNullable<FreshnessCriteria['warn_after']>;

const PERIOD_SECONDS = { minute: 60, hour: 3600, day: 86400 } as const;

export const thresholdSeconds = (t: Threshold) => t.count * PERIOD_SECONDS[t.period];
export const formatThreshold = (t: Threshold) => `${t.count} ${t.period}${t.count === 1 ? '' : 's'}`;

/** Only sources with a threshold are checked, as in dbt; a `freshness: null` table opts out. */
export function hasFreshness(node: SourceNode): boolean {
  return Boolean(node.freshness?.warn_after || node.freshness?.error_after);
}

/** error_after wins over warn_after; a lag equal to a threshold is still within it. */
export function classifyLag(lagSeconds: number, criteria: FreshnessCriteria): 'pass' | 'warn' | 'error' {
  if (criteria.error_after && lagSeconds > thresholdSeconds(criteria.error_after)) return 'error';
  if (criteria.warn_after && lagSeconds > thresholdSeconds(criteria.warn_after)) return 'warn';
  return 'pass';
}

/** The two largest units: `146 days 8 hours`, `3 hours`, `42 seconds`. */
export function formatLag(seconds: number): string {
  const units: Array<[string, number]> = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  let rest = Math.max(0, Math.floor(seconds));
  const parts: Array<[number, string]> = [];
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (parts.length > 0 || n > 0) parts.push([n, name]);
  }
  const shown = parts.slice(0, 2).filter(([n]) => n > 0);
  return shown.length ? shown.map(([n, name]) => `${n} ${name}${n === 1 ? '' : 's'}`).join(' ') : '0 seconds';
}
