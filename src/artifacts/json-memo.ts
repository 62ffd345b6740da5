/**
 * The JSON text of values written before, by key, reused while a value serializes to the same
 * text: a long-lived process (`keel compile --watch`) writes manifest.json whole on every compile,
 * and almost every entry is what it was. Whether a value is unchanged is decided against the
 * parsed text it was written as (never against an object that could have been mutated since), by
 * walking it as JSON.stringify would; anything it does not walk the same way counts as changed.
 */
export class JsonMemo {
  private entries = new Map<string, { snapshot: unknown; bytes: Buffer }>();
  private next = new Map<string, { snapshot: unknown; bytes: Buffer }>();

  /** The UTF-8 bytes of `JSON.stringify(value)` (undefined where that is undefined). */
  bytes(key: string, value: unknown): Buffer | undefined {
    const known = this.entries.get(key);
    if (known && sameJson(value, known.snapshot)) {
      this.next.set(key, known);
      return known.bytes;
    }
    const text = JSON.stringify(value);
    if (text === undefined) return undefined;
    const entry = { snapshot: JSON.parse(text) as unknown, bytes: Buffer.from(text) };
    this.next.set(key, entry);
    return entry.bytes;
  }

  /** After a whole write: keys not written this time are forgotten. */
  finishWrite(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}

const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Whether JSON.stringify(value) would give the text `snapshot` was parsed from; false when unsure. */
function sameJson(value: unknown, snapshot: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value === snapshot;
    case 'number':
      return Number.isFinite(value) ? value === snapshot : snapshot === null;
    case 'object': {
      if (value === null) return snapshot === null;
      if (snapshot === null || typeof snapshot !== 'object') return false;
      if (Array.isArray(value)) {
        if (!Array.isArray(snapshot) || snapshot.length !== value.length) return false;
        for (let i = 0; i < value.length; i++) {
          const x: unknown = value[i];
          if (skipped(x) ? snapshot[i] !== null : !sameJson(x, snapshot[i])) return false;
        }
        return true;
      }
      // toJSON, boxed primitives, class instances: serialized otherwise, so counted as changed
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value || Array.isArray(snapshot)) return false;
      const want = Object.keys(snapshot);
      let n = 0;
      for (const k of Object.keys(value)) {
        const x = (value as Record<string, unknown>)[k];
        if (skipped(x)) continue;
        if (want[n] !== k || !sameJson(x, (snapshot as Record<string, unknown>)[k])) return false;
        n++;
      }
      return n === want.length;
    }
    default:
      return false;
  }
}
