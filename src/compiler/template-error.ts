import { KeelError } from '../core/errors.js';
import { placeTemplateError } from './template-position.js';

/**
 * Turns a nunjucks error into a KeelError at the template's file and line. Nunjucks reports
 * runtime errors with 0-based lines and parse errors with 1-based ones.
 */
export function toTemplateError(err: unknown, file: string, phase: 'parse' | 'render', raised?: KeelError, raw?: string): KeelError {
  if (err instanceof KeelError) return err;
  const inner = raised ?? findKeelError(err);
  const message = err instanceof Error ? err.message : String(err);
  const m = /\[Line (\d+), Column (\d+)\]/.exec(message);
  let line = m ? Number(m[1]) + (phase === 'render' ? 1 : 0) : undefined;
  if (inner) {
    return new KeelError(inner.message, { location: { file: inner.location?.file ?? file, line: inner.location?.line ?? line }, hint: inner.hint });
  }
  const text = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\(.*\)( \[Line \d+, Column \d+\])?$/.test(l))
    .join(' ')
    .replace(/^Error: /, '');
  // Nunjucks gives no line for some errors (and a TypeError for a tag open at the end of the file)
  const placed = line === undefined && raw !== undefined ? placeTemplateError(text, raw) : undefined;
  if (placed) line = placed.line;
  return new KeelError(`Template error: ${placed?.message ?? text}`, { location: { file, line } });
}

function findKeelError(err: unknown): KeelError | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof KeelError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
