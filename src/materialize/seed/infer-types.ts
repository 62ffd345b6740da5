import type { LogicalType } from '../../engines/statement-sql.js';

const patterns: Array<[LogicalType, RegExp]> = [
  ['integer', /^-?\d{1,9}$/],
  ['bigint', /^-?\d{1,18}$/],
  ['double', /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/],
  ['boolean', /^(true|false)$/i],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['timestamp', /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/],
];

/** The narrowest type every non-null value of a column fits, as dbt's seed type inference does. */
export function inferColumnType(values: Iterable<string | null>): LogicalType {
  // candidates narrow in place: most columns settle on their first values
  let candidates = patterns.slice();
  let sawValue = false;
  for (const v of values) {
    if (v === null) continue;
    sawValue = true;
    if (candidates.every(([, p]) => p.test(v))) continue;
    candidates = candidates.filter(([, p]) => p.test(v));
    if (!candidates.length) return 'string';
  }
  if (!sawValue) return 'string';
  // integer ⊂ bigint ⊂ double: prefer the narrowest that matched
  return candidates[0]![0];
}

/** A CSV string converted to the JS value bound for its column's logical type. */
export function convertValue(v: string | null, type: LogicalType | undefined): unknown {
  if (v === null) return null;
  switch (type) {
    case 'integer':
    case 'double':
      return Number(v);
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    case 'boolean':
      return v.toLowerCase() === 'true';
    default:
      return v;
  }
}
