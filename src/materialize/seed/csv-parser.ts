import { KeelError } from '../../core/errors.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** A parsed CSV row and the line of the file it starts on (1-based). */
export interface CsvRow {
  line: number;
  fields: (string | null)[];
}

/** A CSV syntax error at a line of the file; the seed loader adds the file name. */
export class CsvSyntaxError extends KeelError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * RFC 4180 CSV fed in pieces, so a file of any size parses in the memory of one row:
 * quoted fields may hold delimiters, quotes ("") and newlines; empty unquoted fields are null;
 * blank lines are skipped.
 */
export class CsvParser {
  private row: (string | null)[] = [];
  private field = '';
  private quoted = false;
  private wasQuoted = false;
  private line = 1;
  private rowLine = 1;
  private quoteLine = 1;
  private started = false;
  private pendingCr = false;

  constructor(private readonly delimiter = ',') {}

  /** The complete rows in `text` (continuing where the previous piece stopped). */
  push(text: string): CsvRow[] {
    const out: CsvRow[] = [];
    const delimiter = this.delimiter.charCodeAt(0);
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === LF) i = Math.max(i, 1);
    }
    const n = text.length;
    while (i < n) {
      if (this.quoted) {
        // copy up to the next quote in one slice; count the newlines inside for line numbers
        const q = text.indexOf('"', i);
        const end = q < 0 ? n : q;
        for (let k = text.indexOf('\n', i); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) this.line++;
        this.field += text.slice(i, end);
        if (q < 0) return out;
        if (q + 1 === n) {
          // cannot tell `""` from a closing quote yet: decide on the next piece
          this.quoted = false;
          this.closingQuoteAtEnd = true;
          return out;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.field += '"';
          i = q + 2;
        } else {
          this.quoted = false;
          i = q + 1;
        }
        continue;
      }
      if (this.closingQuoteAtEnd) {
        this.closingQuoteAtEnd = false;
        if (text.charCodeAt(i) === QUOTE) {
          // it was an escaped quote after all
          this.field += '"';
          this.quoted = true;
          i++;
          continue;
        }
      }
      const ch = text.charCodeAt(i);
      if (this.wasQuoted && ch !== delimiter && ch !== LF && ch !== CR) {
        // RFC 4180: a quoted field ends at its closing quote; DuckDB and the warehouses' loaders refuse the rest
        throw new CsvSyntaxError('text after the closing quote of a quoted field (a quote inside a quoted field is written "")', this.line);
      }
      if (ch === QUOTE && this.field === '' && !this.wasQuoted) {
        this.quoted = true;
        this.wasQuoted = true;
        this.quoteLine = this.line;
        i++;
      } else if (ch === delimiter) {
        this.endField();
        i++;
      } else if (ch === LF || ch === CR) {
        if (ch === CR) {
          if (i + 1 === n) this.pendingCr = true;
          else if (text.charCodeAt(i + 1) === LF) i++;
        }
        this.endRow(out);
        this.line++;
        this.rowLine = this.line;
        i++;
      } else {
        // an unquoted run: up to the next delimiter, quote or line end, in one slice
        let j = i + 1;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === delimiter || c === LF || c === CR || c === QUOTE) break;
        }
        this.field += text.slice(i, j);
        i = j;
        // a quote inside an unquoted field is kept as text
        if (j < n && text.charCodeAt(j) === QUOTE) {
          this.field += '"';
          i++;
        }
      }
    }
    return out;
  }

  /** The last row when the file does not end with a newline; an unclosed quote is an error. */
  end(): CsvRow[] {
    if (this.quoted) throw new CsvSyntaxError('unclosed quote: a quoted field opened here never closes', this.quoteLine);
    this.closingQuoteAtEnd = false;
    const out: CsvRow[] = [];
    if (this.field !== '' || this.wasQuoted || this.row.length) this.endRow(out);
    return out;
  }

  private closingQuoteAtEnd = false;

  private endField(): void {
    this.row.push(this.field === '' && !this.wasQuoted ? null : this.field);
    this.field = '';
    this.wasQuoted = false;
  }

  private endRow(out: CsvRow[]): void {
    this.endField();
    const blank = this.row.length === 1 && this.row[0] === null;
    if (!blank) out.push({ line: this.rowLine, fields: this.row });
    this.row = [];
  }
}
