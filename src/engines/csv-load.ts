/** A CSV file an engine loads with its own bulk loader (`Engine.loadCsv`). */
export interface CsvSource {
  /** absolute path */
  path: string;
  delimiter: string;
  /** the first line is a header (skipped: the columns are given) */
  header: boolean;
}

export type CsvLoadErrorKind = 'field-count' | 'unclosed-quote' | 'type' | 'encoding' | 'other';

/**
 * The bulk loader refused a row: the line of the file, and what was wrong in keel's words.
 * The seed loader turns it into an error naming the seed file.
 */
export class CsvLoadError extends Error {
  constructor(
    message: string,
    readonly kind: CsvLoadErrorKind,
    readonly line: number | undefined,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'CsvLoadError';
  }
}
