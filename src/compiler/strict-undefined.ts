import nunjucks from 'nunjucks';
import { KeelError } from '../core/errors.js';

/**
 * Outputting an undefined value (`{{ some_typo }}`, `{{ target.database }}` on a target without
 * one) is an error, as in dbt: rendering it as empty text builds SQL nobody wrote. Tests of
 * definedness (`is defined`, `| default(...)`, `{% if x %}`) do not output the value and still
 * work. `none` is a value and prints as nothing, as before.
 */

const MARKER = 'keel: undefined value output';

interface NunjucksRuntime {
  ensureDefined(val: unknown, lineno: number, colno: number): unknown;
}
interface NunjucksLib {
  TemplateError: new (message: string, lineno: number, colno: number) => Error;
}

let installed = false;

/** Makes the `ensureDefined` check Nunjucks compiles around every output (with throwOnUndefined) refuse undefined only. */
export function installStrictUndefined(): void {
  if (installed) return;
  installed = true;
  const n = nunjucks as unknown as { runtime: NunjucksRuntime; lib: NunjucksLib };
  n.runtime.ensureDefined = (val, lineno, colno) => {
    if (val === undefined) throw new n.lib.TemplateError(MARKER, lineno + 1, colno + 1);
    return val;
  };
}

/** Whether `err` (or what it wraps) is an undefined output. */
export function isUndefinedOutput(err: unknown): boolean {
  return err instanceof Error && err.message.includes(MARKER);
}

/** `models/a.sql:3: '{{ some_typo }}' is undefined`, from the error's `[Line, Column]` and the template's text. */
export function undefinedOutputError(err: Error, file: string, raw: string): KeelError {
  // the error as thrown carries its position; once through Nunjucks' render, only its message does
  const at = err as { lineno?: number; colno?: number };
  const m = /\[Line (\d+)(?:, Column (\d+))?\]/.exec(err.message);
  const line = at.lineno ?? (m ? Number(m[1]) : undefined);
  const column = at.colno ?? (m?.[2] ? Number(m[2]) : 1);
  const expression = line === undefined ? undefined : outputAt(raw, line, column);
  return new KeelError(`${expression ? `'${expression}'` : 'A value the template outputs'} is undefined`, {
    location: { file, line },
    hint: 'Check the name for a typo; use `| default(...)` or `is defined` where it may be missing.',
  });
}

/** The expression of the `{{ ... }}` at 1-based `column` of `line` (else the line's first). */
function outputAt(raw: string, line: number, column: number): string | undefined {
  const text = raw.split('\n')[line - 1];
  if (text === undefined) return undefined;
  const start = text.lastIndexOf('{{', Math.max(0, column - 1 + 1));
  const from = start >= 0 ? start : text.indexOf('{{');
  if (from < 0) return undefined;
  const end = text.indexOf('}}', from);
  const inner = text
    .slice(from + 2, end < 0 ? undefined : end)
    .replace(/^-/, '')
    .replace(/-$/, '')
    .trim();
  return inner || undefined;
}
