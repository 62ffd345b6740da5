import { KeelError } from '../core/errors.js';

/**
 * Turns a nunjucks error into a KeelError at the template's file and line. Nunjucks reports
 * runtime errors with 0-based lines and parse errors with 1-based ones.
 */
export function toTemplateError(err: unknown, file: string, phase: 'parse' | 'render', raised?: KeelError): KeelError {
  if (err instanceof KeelError) return err;
  const inner = raised ?? findKeelError(err);
  const message = err instanceof Error ? err.message : String(err);
  const m = /\[Line (\d+), Column (\d+)\]/.exec(message);
  const line = m ? Number(m[1]) + (phase === 'render' ? 1 : 0) : undefined;
  if (inner) {
    return new KeelError(inner.message, { location: { file: inner.location?.file ?? file, line: inner.location?.line ?? line }, hint: inner.hint });
  }
  const text = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\(.*\)( \[Line \d+, Column \d+\])?$/.test(l))
    .join(' ')
    .replace(/^Error: /, '');
  return new KeelError(`Template error: ${text}`, { location: { file, line } });
}

function findKeelError(err: unknown): KeelError | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof KeelError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
