export const SPACE = 0x20;
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
const COLON = 0x3a;
export const OPEN = 0x7b;
export const CLOSE = 0x7d;
const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;

/** Index of the quote closing the string that opens at `at`. */
export function stringEnd(buf: Buffer, at: number): number {
  for (let i = buf.indexOf(QUOTE, at + 1); i >= 0; i = buf.indexOf(QUOTE, i + 1)) {
    let backslashes = 0;
    while (buf[i - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
  return buf.length;
}

/** A member of a top-level object of manifest.json: its key, where the key starts, and its value's range. */
export type Member = { key: string; keyStart: number; start: number; end: number };

/** Index just past the object or array value that starts at `at`. */
export function valueEnd(buf: Buffer, at: number): number {
  let depth = 0;
  for (let i = at; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) i = stringEnd(buf, i);
    else if (c === OPEN || c === OPEN_ARRAY) depth++;
    else if ((c === CLOSE || c === CLOSE_ARRAY) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Every member of the top-level object `name` (values objects or arrays), or undefined if it is
 * not laid out as keel writes it. `enough`: the members up to the one it accepts, when only a
 * few are wanted (`close` is then -1).
 */
export function membersOf(buf: Buffer, name: string, from = 0, enough?: (m: Member) => boolean): { close: number; members: Member[] } | undefined {
  const needle = `,${JSON.stringify(name)}:{`;
  const at = buf.indexOf(needle, from);
  if (at < 0) return undefined;
  const open = at + needle.length - 1;
  const members: Member[] = [];
  let i = open + 1;
  for (;;) {
    while (buf[i] === SPACE) i++;
    if (buf[i] !== QUOTE) break;
    const keyEnd = stringEnd(buf, i);
    if (buf[keyEnd + 1] !== COLON) return undefined;
    const start = keyEnd + 2;
    const end = valueEnd(buf, start);
    if (end < 0) return undefined;
    const member = { key: stringAt(buf, i, keyEnd), keyStart: i, start, end };
    members.push(member);
    if (enough?.(member)) return { close: -1, members };
    i = end;
    while (buf[i] === SPACE) i++;
    if (buf[i] !== COMMA) break;
    i++;
  }
  return buf[i] === CLOSE ? { close: i, members } : undefined;
}

/** The JSON string between the quotes at `open` and `close`: decoded as is when it has no escape (ids and paths seldom do). */
export function stringAt(buf: Buffer, open: number, close: number): string {
  for (let i = open + 1; i < close; i++) if (buf[i] === BACKSLASH) return JSON.parse(buf.toString('utf8', open, close + 1)) as string;
  return buf.toString('utf8', open + 1, close);
}

