import type { PGlite } from '@electric-sql/pglite';
import { DEFAULT_VARCHAR_BYTES, MAX_VARCHAR_BYTES, varcharDomain } from './sql/varchar.js';

/** The setup creates the two common lengths; another VARCHAR(n) gets its domain before the statement using it runs. */
export async function ensureVarcharDomains(pg: PGlite, lengths: Set<number>): Promise<void> {
  for (const n of lengths) {
    if (n === DEFAULT_VARCHAR_BYTES || n === MAX_VARCHAR_BYTES) continue;
    // inside the statement's transaction when there is one: rolled back with it, and made again next time
    await pg.exec(
      `do $$ begin create domain ${varcharDomain(n)} as varchar check (octet_length(value) <= ${n}); exception when duplicate_object then null; end $$`,
    );
  }
}
