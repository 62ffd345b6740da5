import type { Engine } from './engine.js';

/**
 * A multi-row INSERT through the engine's Kysely instance, split in halves while its statement
 * is longer than the engine accepts (Redshift's Data API: 100 KB). Returns the statements run.
 */
export async function insertRows(engine: Engine, schema: string, table: string, rows: Record<string, unknown>[]): Promise<string[]> {
  if (!rows.length) return [];
  const q = engine.db
    .withSchema(schema)
    .insertInto(table)
    .values(rows as never)
    .compile();
  const max = engine.dialect.maxStatementBytes;
  if (max && rows.length > 1 && Buffer.byteLength(q.sql) > max) {
    const half = Math.ceil(rows.length / 2);
    return [...(await insertRows(engine, schema, table, rows.slice(0, half))), ...(await insertRows(engine, schema, table, rows.slice(half)))];
  }
  await engine.db.executeQuery(q);
  return [q.sql];
}
