import { writeSync } from 'node:fs';

// bytes gathered before a write; what is put is encoded into it at once and is garbage right after
const CHUNK = 1 << 16;
// a UTF-16 code unit is at most 3 bytes of UTF-8
const MAX_BYTES_PER_CHAR = 3;
// a top-level member with more keys than this is written entry by entry
const STREAM_FROM = 1000;

/** An entry of a StreamedObject: key and value. */
export type StreamedEntry = [key: string, value: unknown];

/**
 * An object written entry by entry as `entries()` yields them, never built whole: the manifest's
 * nodes and parent_map (tens of thousands of keys). JSON.stringify gets the same object via toJSON.
 */
export class StreamedObject {
  constructor(readonly entries: () => Iterable<StreamedEntry>) {}

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.entries()) out[k] = v;
    return out;
  }
}

/**
 * Writes `JSON.stringify(data)` to `fd` in chunks of 64 KB, the same bytes, without ever holding
 * the whole text: a 10,000-model manifest is 48 MB, and as one string plus its UTF-8 copy it was
 * the largest thing in memory. Large top-level objects (nodes, parent_map) go entry by entry.
 */
export function writeJsonStream(fd: number, data: Record<string, unknown>): void {
  const out = new ByteSink(fd);
  out.put('{');
  let first = true;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (value instanceof StreamedObject || isLargePlainObject(value)) {
      out.put(`${first ? '' : ','}${JSON.stringify(key)}:{`);
      let firstEntry = true;
      const entries = value instanceof StreamedObject ? value.entries() : Object.entries(value);
      for (const [k, v] of entries) {
        const text = JSON.stringify(v);
        if (text === undefined) continue;
        out.put(`${firstEntry ? '' : ','}${JSON.stringify(k)}:`);
        out.put(text);
        firstEntry = false;
      }
      out.put('}');
    } else {
      const text = JSON.stringify(value);
      if (text === undefined) continue;
      out.put(`${first ? '' : ','}${JSON.stringify(key)}:${text}`);
    }
    first = false;
  }
  out.put('}');
  out.flush();
}

/** Text encoded straight into a reused buffer and written when it fills: no string is joined to another. */
class ByteSink {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  constructor(private readonly fd: number) {}

  put(text: string): void {
    if (text.length * MAX_BYTES_PER_CHAR > CHUNK - this.used) {
      this.flush();
      if (text.length * MAX_BYTES_PER_CHAR > CHUNK) {
        writeText(this.fd, text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  flush(): void {
    for (let at = 0; at < this.used; ) at += writeSync(this.fd, this.buffer, at, this.used - at);
    this.used = 0;
  }
}

/** Writes all of `text` (a short write is finished from its bytes). */
function writeText(fd: number, text: string): void {
  const written = writeSync(fd, text);
  const size = Buffer.byteLength(text);
  if (written < size) {
    const bytes = Buffer.from(text);
    for (let at = written; at < size; ) at += writeSync(fd, bytes, at, size - at);
  }
}

function isLargePlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  // counting keys stops early: most members are small
  let n = 0;
  for (const _ in v) if (++n > STREAM_FROM) return true;
  return false;
}
