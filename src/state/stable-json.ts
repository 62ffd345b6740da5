import crypto from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal values hash equally whatever order they
 * were built in. Hand-written: a replacer that sorts was most of the cost of fingerprinting a
 * large project.
 */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      // a hole is left empty, as Array.prototype.join leaves it
      const item = v === undefined ? (i in value ? 'null' : '') : typeof v === 'function' ? 'null' : stableJson(v);
      out += (i === 0 ? '' : ',') + item;
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = sortKeys(Object.keys(obj));
  let out = '{';
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function') continue;
    out += (out.length === 1 ? '' : ',') + quotedKey(key) + stableJson(v);
  }
  return `${out}}`;
}

/**
 * Keys in the order Array.prototype.sort() puts them (UTF-16 code units). Objects here have a few
 * keys, which insertion sort orders without the work space each sort() call allocates.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

// a project's objects have few distinct keys: quote each once
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

// crypto.hash (Node 20.12+) skips the Hash object: several times faster on short texts
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * 64 bits of sha256: enough to tell a change apart, and short enough that a manifest with a
 * digest per var, env var and macro of every node stays compact.
 */
export function shortHash(text: string): string {
  return sha256Hex(text).slice(0, 16);
}
