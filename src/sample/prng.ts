/**
 * Seeded randomness. Every random choice in the sample data goes through `Random`, never
 * `Math.random`, so one seed always yields the same bytes. Each person gets its own stream
 * (seeded from the run seed and the person's index) so a person's data does not depend on how
 * many persons came before it, and streams can be re-derived on demand (e.g. a shared device).
 */

/** Mixes any number of integers/strings into one 32-bit seed (murmur3 finaliser on FNV-1a). */
export function hashSeed(...parts: Array<number | string>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === 'number' ? `#${part}` : part;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** mulberry32: tiny, fast, good enough statistically for synthetic data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's 32-bit finaliser: a bijection, so distinct inputs give distinct outputs. */
function mix32(n: number): number {
  let h = n >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** uniform in [0, 1) */
  float(): number {
    return this.next();
  }

  /** integer in [min, max], both inclusive */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** picks by relative weight: `[[value, weight], ...]` */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** `count` distinct items, in random order */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    }
    return out;
  }

  /** a random (version 4 shaped) UUID, like the ids RudderStack's SDKs generate */
  uuid(): string {
    const a = this.uint32();
    const b = (this.uint32() & 0xffff0fff) | 0x00004000; // version 4
    const c = (this.uint32() & 0x3fffffff) | 0x80000000; // RFC 4122 variant
    const d = this.uint32();
    const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /**
   * A version 4 shaped UUID unique for each (group, seq) pair below 2^32: its first and last
   * eight hex digits are bijections of the two, the middle is random. It draws from the stream
   * exactly as uuid() does, so every later draw is the same as with uuid().
   */
  uniqueUuid(group: number, seq: number): string {
    this.uint32();
    const b = (this.uint32() & 0xffff0fff) | 0x00004000;
    const c = (this.uint32() & 0x3fffffff) | 0x80000000;
    this.uint32();
    const h = hex8(mix32(group)) + hex8(b) + hex8(c) + hex8(mix32(seq ^ 0x9e3779b9));
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}
