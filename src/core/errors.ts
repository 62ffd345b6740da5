/** Where in a user's file something went wrong; printed as `file:line`. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * An error caused by the user's input (project files, flags, data). The CLI prints
 * `message` with its location and no stack trace unless --debug.
 */
export class KeelError extends Error {
  readonly location?: SourceLocation;
  readonly hint?: string;

  constructor(message: string, opts: { location?: SourceLocation; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'KeelError';
    this.location = opts.location;
    this.hint = opts.hint;
  }

  /** `models/a.sql:12: message (hint)` */
  format(): string {
    const loc = this.location
      ? `${this.location.file}${this.location.line ? `:${this.location.line}` : ''}${this.location.column ? `:${this.location.column}` : ''}: `
      : '';
    return `${loc}${this.message}${this.hint ? `\n  ${this.hint}` : ''}`;
  }
}

export function isKeelError(e: unknown): e is KeelError {
  return e instanceof KeelError;
}
