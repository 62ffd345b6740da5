import { KeelError } from '../../core/errors.js';
import { lineAt, sqlShape } from './sql-statements.js';

/**
 * A model (or singular test) is one query: keel wraps it in CREATE ... AS or a test query, and a
 * second statement would run as well, outside anything keel controls. An empty body is refused
 * as such, not left for the engine to call a syntax error.
 */
export function checkOneStatement(file: string, raw: string, rendered: string, what: 'model' | 'test'): void {
  const out = sqlShape(rendered);
  if (!out.hasCode) {
    throw new KeelError(`${what} file is empty: it has no SQL${raw.trim() ? ' beyond comments and template tags' : ''}`, {
      location: { file },
      hint: `A ${what} is one SELECT statement.`,
    });
  }
  if (out.secondStatement === undefined) return;
  // the line in the file as written; a macro that renders a `;` has no line of its own there
  const inRaw = sqlShape(raw, true).secondStatement;
  throw new KeelError(`${what} has more than one SQL statement${inRaw === undefined ? ' once rendered' : ''}: a ${what} is one query`, {
    location: { file, line: inRaw === undefined ? undefined : lineAt(raw, inRaw) },
    hint: 'Remove the statement after the `;` (a trailing `;` is fine). Use a macro or a separate model for other statements.',
  });
}
