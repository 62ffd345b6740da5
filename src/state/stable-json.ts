import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal values hash equally whatever order they
 * were built in. Hand-written: a replacer that sorts was most of the cost of fingerprinting a
 * large project.
 */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : stableJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v !== undefined && typeof v !== 'function') parts.push(`${JSON.stringify(key)}:${stableJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * 64 bits of sha256: enough to tell a change apart, and short enough that a manifest with a
 * digest per var, env var and macro of every node stays compact.
 */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
