import { readFileSync } from 'node:fs';
import { KeelError } from '../core/errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * A project file's text, refusing bytes that are not UTF-8: decoding them as U+FFFD would build
 * SQL (or read YAML) that differs from the file. The error names the file and the first bad byte.
 */
export function readUtf8(absPath: string, file: string): string {
  return decodeUtf8(readFileSync(absPath), file);
}

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    // a leading byte-order mark is not part of the text
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return strict.decode(start ? bytes.subarray(start) : bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const line = 1 + countNewlines(bytes, offset);
    throw new KeelError(`File is not valid UTF-8: byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at byte offset ${offset}`, {
      location: { file, line },
      hint: 'keel reads project files as UTF-8: save the file as UTF-8.',
    });
  }
}

/** Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
export function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      // no overlong forms, no surrogates
      if (c === 0xe0) min = 0xa0;
      if (c === 0xed) max = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) min = 0x90;
      if (c === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (d === undefined || d < lo || d > hi) return i;
    }
    i += need + 1;
  }
  return b.length;
}

function countNewlines(b: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (b[i] === 0x0a) n++;
  return n;
}
