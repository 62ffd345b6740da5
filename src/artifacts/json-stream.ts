import { writeSync } from 'node:fs';

// bytes gathered before a write; what is put is encoded into it at once and is garbage right after
const CHUNK = 1 << 16;
// a UTF-16 code unit is at most 3 bytes of UTF-8
const MAX_BYTES_PER_CHAR = 3;
const SPACE = 0x20;
// a top-level member with more keys than this is written entry by entry
const STREAM_FROM = 1000;

/** An entry of a StreamedObject: key, value, and how many spaces to leave after it (none by default). */
export type StreamedEntry = [key: string, value: unknown, room?: number];

/** member key → [start, end) in bytes of each entry written with room: its value and the spaces after it */
export type EntryRanges = Record<string, [number, number]>;

/** top-level member (a StreamedObject) → the ranges of its entries written with room */
export type StreamedRanges = Record<string, EntryRanges>;

/** Where writeJsonStream put what may be patched later. */
export interface Streamed {
  ranges: StreamedRanges;
  /** member written entry by entry → offset of the `}` closing it (after its room), where entries can be added */
  ends: Record<string, number>;
}

/**
 * An object written entry by entry as `entries()` yields them, never built whole: the manifest's
 * nodes and parent_map (tens of thousands of keys). JSON.stringify gets the same object via toJSON.
 * An entry given room is followed by that many spaces (JSON allows them) and its byte range is
 * returned, so it can later be rewritten in place, even a little longer, without reading the file.
 */
export class StreamedObject {
  /** `room`: spaces left before the closing brace, where entries can later be added in place */
  constructor(
    readonly entries: () => Iterable<StreamedEntry>,
    readonly room = 0,
  ) {}

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.entries()) out[k] = v;
    return out;
  }
}

/**
 * Writes `JSON.stringify(data)` to `fd` in chunks of 64 KB, the same bytes (but for the room
 * asked after entries), without ever holding the whole text: a 10,000-model manifest is 48 MB, and
 * as one string plus its UTF-8 copy it was the largest thing in memory. Large top-level objects
 * (nodes, parent_map) go entry by entry. Returns the ranges of the entries written with room, and
 * where each of those objects closes.
 */
export function writeJsonStream(fd: number, data: Record<string, unknown>): Streamed {
  const ranges: StreamedRanges = {};
  const ends: Record<string, number> = {};
  const out = new ByteSink(fd);
  out.put('{');
  let first = true;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (value instanceof StreamedObject || isLargePlainObject(value)) {
      out.put(`${first ? '' : ','}${JSON.stringify(key)}:{`);
      let firstEntry = true;
      const entries = value instanceof StreamedObject ? value.entries() : Object.entries(value);
      const into: EntryRanges = {};
      for (const [k, v, room] of entries) {
        const text = JSON.stringify(v);
        if (text === undefined) continue;
        out.put(`${firstEntry ? '' : ','}${JSON.stringify(k)}:`);
        const start = out.offset;
        out.put(text);
        if (room) {
          out.spaces(room);
          into[k] = [start, out.offset];
          ranges[key] = into;
        }
        firstEntry = false;
      }
      if (value instanceof StreamedObject && value.room) out.spaces(value.room);
      ends[key] = out.offset;
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
  return { ranges, ends };
}

/**
 * Text encoded straight into a reused buffer and written when it fills: no string is joined to
 * another, and the offset of what is put next is known in bytes.
 */
class ByteSink {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private flushed = 0;

  constructor(private readonly fd: number) {}

  /** bytes put so far */
  get offset(): number {
    return this.flushed + this.used;
  }

  put(text: string): void {
    if (text.length * MAX_BYTES_PER_CHAR > CHUNK - this.used) {
      this.flush();
      if (text.length * MAX_BYTES_PER_CHAR > CHUNK) {
        this.flushed += writeText(this.fd, text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  spaces(n: number): void {
    if (n > CHUNK - this.used) this.flush();
    if (n > CHUNK) {
      this.flushed += writeText(this.fd, ' '.repeat(n));
      return;
    }
    this.buffer.fill(SPACE, this.used, this.used + n);
    this.used += n;
  }

  flush(): void {
    for (let at = 0; at < this.used; ) at += writeSync(this.fd, this.buffer, at, this.used - at);
    this.flushed += this.used;
    this.used = 0;
  }
}

/** Writes all of `text` (a short write is finished from its bytes), returning its length in bytes. */
function writeText(fd: number, text: string): number {
  const written = writeSync(fd, text);
  const size = Buffer.byteLength(text);
  if (written < size) {
    const bytes = Buffer.from(text);
    for (let at = written; at < size; ) at += writeSync(fd, bytes, at, size - at);
  }
  return size;
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
