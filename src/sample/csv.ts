/** CSV as the seed loader expects it: RFC 4180 quoting, `\n` line ends, empty field = NULL. */

export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Fields with leading/trailing whitespace are quoted too: RFC 4180 keeps such spaces, but some
 * readers trim unquoted fields, and the messy emails must reach the warehouse unchanged.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i]);
  }
  return line + '\n';
}

export function csvRow(columns: readonly string[], row: Readonly<Record<string, Cell>>): string {
  return csvLine(columns.map((c) => row[c]));
}

const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedDate = '';

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, without a zone suffix: every engine parses it as a TIMESTAMP. */
export function formatTimestamp(ms: number): string {
  // the date part changes rarely between consecutive calls; the clock part is plain arithmetic
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  const t = ms - day * DAY_MS;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  const milli = t % 1000;
  return `${cachedDate} ${pad2(h)}:${pad2(m)}:${pad2(s)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** RFC 4180 parser for tests and tools reading the generated files back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
