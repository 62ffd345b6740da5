import { closeSync, openSync, readSync } from 'node:fs';
import { CsvParser, CsvSyntaxError, type CsvRow } from './csv-parser.js';
import { decodeUtf8 } from './utf8.js';

const CHUNK_BYTES = 1 << 20;

export interface CsvRead {
  header: string[];
  rows: CsvRow[];
  /** whether `rows` holds every row of the file (false: stopped at maxRows) */
  complete: boolean;
}

/**
 * The header and up to `maxRows` rows of a CSV file, read in 1 MB pieces so that only what is
 * kept is held. Each piece is cut after its last newline byte (which never falls inside a UTF-8
 * sequence), so that a piece is checked as UTF-8 on its own and a bad byte is reported with its line.
 */
export function readCsv(file: string, delimiter: string | undefined, maxRows = Infinity): CsvRead {
  const parser = new CsvParser(delimiter);
  const fd = openSync(file, 'r');
  let header: string[] | undefined;
  const rows: CsvRow[] = [];
  let line = 1;
  let offset = 0;
  const take = (parsed: CsvRow[]): boolean => {
    for (const r of parsed) {
      if (!header) header = r.fields.map((h) => (h ?? '').trim());
      else if (rows.length < maxRows) rows.push(r);
      else return true;
    }
    return false;
  };
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      const bytes = n ? Buffer.concat([carry, buffer.subarray(0, n)]) : carry;
      const cut = n ? bytes.lastIndexOf(0x0a) + 1 : bytes.length;
      const piece = bytes.subarray(0, cut);
      carry = Buffer.from(bytes.subarray(cut));
      const decoded = decodeUtf8(piece);
      if ('invalidAt' in decoded) {
        const at = decoded.invalidAt;
        throw new CsvSyntaxError(
          `not UTF-8: byte ${offset + at} (0x${piece[at]?.toString(16) ?? '??'}) is not valid UTF-8; save the file as UTF-8`,
          line + countNewlines(piece, at),
        );
      }
      line += countNewlines(piece, piece.length);
      offset += piece.length;
      if (take(parser.push(decoded.text))) return { header: header ?? [], rows, complete: false };
      if (!n) break;
    }
    take(parser.end());
    return { header: header ?? [], rows, complete: true };
  } finally {
    closeSync(fd);
  }
}

function countNewlines(b: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (b[i] === 0x0a) count++;
  return count;
}
