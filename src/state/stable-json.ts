import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal values hash equally whatever order they were built in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/**
 * 64 bits of sha256: enough to tell a change apart, and short enough that a manifest with a
 * digest per var, env var and macro of every node stays compact.
 */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
