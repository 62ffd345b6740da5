import { KeelError } from '../../core/errors.js';

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
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text[0] === '\n') i = Math.max(i, 1);
    }
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (this.quoted) {
        if (ch === '"') {
          if (i + 1 === text.length) {
            // cannot tell `""` from a closing quote yet: finish this piece here, keep the quote for the next
            this.quoted = false;
            this.closingQuoteAtEnd = true;
            continue;
          }
          if (text[i + 1] === '"') {
            this.field += '"';
            i++;
          } else this.quoted = false;
        } else {
          if (ch === '\n') this.line++;
          this.field += ch;
        }
        continue;
      }
      if (this.closingQuoteAtEnd) {
        this.closingQuoteAtEnd = false;
        if (ch === '"') {
          // it was an escaped quote after all
          this.field += '"';
          this.quoted = true;
          continue;
        }
      }
      if (ch === '"' && this.field === '' && !this.wasQuoted) {
        this.quoted = true;
        this.wasQuoted = true;
        this.quoteLine = this.line;
      } else if (ch === this.delimiter) this.endField();
      else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') {
          if (i + 1 === text.length) this.pendingCr = true;
          else if (text[i + 1] === '\n') i++;
        }
        this.endRow(out);
        this.line++;
        this.rowLine = this.line;
      } else this.field += ch;
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
