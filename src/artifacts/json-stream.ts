import { writeSync } from 'node:fs';

// small chunks: the entry strings waiting in a chunk live through young-generation collections and
// get copied by them; 16 KB measured about 4 % faster than 1 MB on a 10,000-model compile
const CHUNK = 1 << 14;
// a top-level member with more keys than this is written entry by entry
const STREAM_FROM = 1000;

/** An entry of a StreamedObject: key, value, and how many spaces to leave after it (none by default). */
export type StreamedEntry = [key: string, value: unknown, room?: number];

/** member key → [start, end) in bytes of each entry written with room: its value and the spaces after it */
export type EntryRanges = Record<string, [number, number]>;

/** top-level member (a StreamedObject) → the ranges of its entries written with room */
export type StreamedRanges = Record<string, EntryRanges>;

/**
 * An object written entry by entry as `entries()` yields them, never built whole: the manifest's
 * nodes and parent_map (tens of thousands of keys). JSON.stringify gets the same object via toJSON.
 * An entry given room is followed by that many spaces (JSON allows them) and its byte range is
 * returned, so it can later be rewritten in place, even a little longer, without reading the file.
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
 * Writes `JSON.stringify(data)` to `fd` in chunks of about 16 KB, the same bytes (but for the room
 * asked after entries), without ever holding the whole text: a 10,000-model manifest is 48 MB, and
 * as one string plus its UTF-8 copy it was the largest thing in memory. Large top-level objects
 * (nodes, parent_map) go entry by entry. Returns the ranges of the entries written with room.
 */
export function writeJsonStream(fd: number, data: Record<string, unknown>): StreamedRanges {
  const ranges: StreamedRanges = {};
  let buffer = '';
  let flushed = 0;
  // entries with room in the buffer: their ranges in characters of it, in bytes once written
  let pending: Array<[into: EntryRanges, key: string, start: number, end: number]> = [];
  const flush = () => {
    const bytes = writeText(fd, buffer);
    // as many bytes as characters: all ASCII, the common case; else each offset is measured
    const at = bytes === buffer.length ? (i: number) => flushed + i : (i: number) => flushed + Buffer.byteLength(buffer.slice(0, i));
    for (const [into, key, start, end] of pending) into[key] = [at(start), at(end)];
    pending = [];
    flushed += bytes;
    buffer = '';
  };
  const put = (text: string) => {
    buffer += text;
    if (buffer.length >= CHUNK) flush();
  };
  put('{');
  let first = true;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (value instanceof StreamedObject || isLargePlainObject(value)) {
      put(`${first ? '' : ','}${JSON.stringify(key)}:{`);
      let firstEntry = true;
      const entries = value instanceof StreamedObject ? value.entries() : Object.entries(value);
      const into: EntryRanges = {};
      for (const [k, v, room] of entries) {
        const text = JSON.stringify(v);
        if (text === undefined) continue;
        const head = `${firstEntry ? '' : ','}${JSON.stringify(k)}:`;
        if (room) {
          const start = buffer.length + head.length;
          pending.push([into, k, start, start + text.length + room]);
          ranges[key] = into;
          put(`${head}${text}${' '.repeat(room)}`);
        } else put(`${head}${text}`);
        firstEntry = false;
      }
      put('}');
    } else {
      const text = JSON.stringify(value);
      if (text === undefined) continue;
      put(`${first ? '' : ','}${JSON.stringify(key)}:${text}`);
    }
    first = false;
  }
  put('}');
  flush();
  return ranges;
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
