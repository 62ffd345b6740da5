import type { Relation } from '../../../core/relation.js';
import type { ColumnInfo, QueryResult } from '../../engine.js';
import { trinoLiteral, timestampText } from '../trino-literal.js';
import { sumResults, type AthenaOps, type StepOptions } from './athena-ops.js';
import { createTableAs } from './create-table-as.js';

/**
 * A seed in a few statements: a CTAS over a VALUES list, then INSERTs over further VALUES lists,
 * each as long as Athena accepts (a 10,000-row CSV of 150-byte rows takes 7). Values travel
 * as text and are cast to the column types in SQL, so every engine reads the CSV alike.
 */
export async function createTableWithRows(
  ops: AthenaOps,
  rel: Relation,
  columns: ColumnInfo[],
  rows: (string | null)[][],
  opts: StepOptions,
): Promise<QueryResult> {
  const q = (s: string) => ops.dialect.quoteIdentifier(s);
  const names = columns.map((c) => q(c.name));
  const typed = (from: string) => `SELECT ${columns.map((c, i) => `CAST(${names[i]} AS ${c.type}) AS ${names[i]}`).join(', ')} FROM ${from}`;
  const values = (batch: string[]) => typed(`(VALUES ${batch.join(',\n')}) AS ${q('__keel_seed')} (${names.join(', ')})`);
  // an empty seed still gets its typed columns
  const empty = typed(`(SELECT ${names.map((n) => `CAST(NULL AS VARCHAR) AS ${n}`).join(', ')}) AS ${q('__keel_seed')} WHERE false`);

  const budget = ops.dialect.maxStatementBytes - Buffer.byteLength(ops.dialect.createTableAs(rel, values([]), { config: opts.config }));
  const batches = packRows(
    rows.map((r) => `(${r.map((v, i) => trinoLiteral(seedText(v, columns[i]!.type))).join(', ')})`),
    budget,
  );
  const results = [await createTableAs(ops, rel, batches.length ? values(batches[0]!) : empty, opts)];
  for (const batch of batches.slice(1)) results.push(await ops.run(ops.dialect.insertInto(rel, values(batch)), opts));
  return sumResults(results);
}

/** Consecutive rows in groups whose text fits `budget` bytes; a single row longer than that goes alone. */
function packRows(rows: string[], budget: number): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(row) + 2;
    if (batch.length && size + bytes > budget) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(row);
    size += bytes;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/**
 * CSV text as Trino's CAST reads it the way DuckDB reads it: booleans in lower case, and ISO
 * timestamps with a `T` or an offset written as UTC wall time (DuckDB converts offsets to UTC).
 */
function seedText(value: string | null, type: string): string | null {
  if (value === null) return null;
  const t = type.toUpperCase();
  if (t === 'BOOLEAN') return value.toLowerCase();
  if (t.startsWith('TIMESTAMP')) {
    if (/(Z|[+-]\d{2}(:?\d{2})?)$/.test(value) && /\d{2}:\d{2}/.test(value)) {
      const d = new Date(value.replace(' ', 'T'));
      if (!Number.isNaN(d.getTime())) return timestampText(d);
    }
    return value.replace('T', ' ');
  }
  return value;
}
