import { athenaStringLiteral } from './literals.js';

/**
 * A JS value as a Trino SQL literal. Athena runs one statement text per query (keel does not use
 * its ExecutionParameters), so values are written into the SQL.
 */
export function trinoLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'string':
      return athenaStringLiteral(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
      return Number.isInteger(value) ? String(value) : `DOUBLE '${value}'`;
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
  }
  if (value instanceof Date) return `TIMESTAMP '${timestampText(value)}'`;
  if (Array.isArray(value)) return `ARRAY[${value.map(trinoLiteral).join(', ')}]`;
  throw new TypeError(`cannot write ${Object.prototype.toString.call(value)} as a Trino literal`);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: how keel reads timestamps back, so a round trip keeps the value. */
export function timestampText(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
