import { indent } from '../journey/sql-context.js';
import type { LeadingWith } from './leading-with.js';

/**
 * A named step of the generated query. `verbatim` ones hold the user's SQL: indenting it would
 * change multi-line string literals, so it is left as written.
 */
export type Cte = [name: string, sql: string, verbatim?: boolean];

/** `WITH a AS (...), b AS (...)` followed by `select`; `lead` CTEs (hoisted from the model's SQL) go first */
export function withCtes(ctes: Cte[], select: string, lead?: LeadingWith): string {
  const ours = ctes.map(([name, sql, verbatim]) => `${name} AS (\n${verbatim ? sql : indent(sql)}\n)`).join(',\n');
  return `WITH ${lead?.recursive ? 'RECURSIVE ' : ''}${lead?.ctes ? `${lead.ctes},\n` : ''}${ours}\n${select}`;
}

/** Time of reaching step `i` (1-based), epoch ms; step 1 is the entry. */
export const reachedMs = (i: number) => `keel_ms_${i}`;
/** what every strategy ends with: one row per entered person, keel_person, keel_ms_1..k and the breakdown */
export const REACHED = 'keel_reached';

export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
