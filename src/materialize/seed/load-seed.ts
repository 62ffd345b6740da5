import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { KeelError } from '../../core/errors.js';
import type { SeedNode } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import type { LogicalType } from '../../engines/statement-sql.js';
import { run, sideRelations, stepOptions, type BuildContext, type BuildResult } from '../context.js';
import { dropLeftovers, swapIn } from '../swap.js';
import { parseCsv } from './csv.js';
import { insertRows as insertRowsWithin } from '../../engines/insert-rows.js';
import { convertValue, inferColumnType } from './infer-types.js';

const BATCH_ROWS = 500;

/** Loads a CSV into a side table (typed columns, batched parameterised inserts), then swaps it in. */
export async function buildSeed(ctx: BuildContext): Promise<BuildResult> {
  const node = ctx.node as SeedNode;
  const { header, rows } = parseCsv(readFileSync(node.csvPath, 'utf8'), node.config.delimiter as string | undefined);
  if (!header.length || header.some((h) => !h)) {
    throw new KeelError('a seed needs a header row with a name for every column', { location: { file: node.path, line: 1 } });
  }
  const bad = rows.findIndex((r) => r.length !== header.length);
  if (bad >= 0) {
    throw new KeelError(`row has ${rows[bad]!.length} fields, the header has ${header.length}`, { location: { file: node.path, line: bad + 2 } });
  }
  const overrides = node.config.column_types ?? {};
  const logical: Array<LogicalType | undefined> = header.map((h, i) =>
    overrides[h] ? undefined : inferColumnType(rows.map((r) => r[i]!)),
  );
  const { db, dialect } = ctx.engine;
  const { tmp } = sideRelations(ctx.relation);
  await dropLeftovers(ctx);

  if (ctx.engine.createTableWithRows) {
    const columns = header.map((h, i) => ({ name: h, type: overrides[h] ?? dialect.type(logical[i]!) }));
    const loaded = await ctx.engine.createTableWithRows(tmp, columns, rows, stepOptions(ctx, { config: node.config }));
    await swapIn(ctx, 'table');
    return { rowsAffected: rows.length, message: `INSERT ${rows.length}`, stats: loaded.stats };
  }

  let create = db.schema.withSchema(tmp.schema).createTable(tmp.identifier);
  header.forEach((h, i) => {
    create = create.addColumn(h, sql.raw(overrides[h] ?? dialect.type(logical[i]!)));
  });
  await run(ctx, create.compile().sql);

  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const values = rows.slice(start, start + BATCH_ROWS).map((r) =>
      Object.fromEntries(header.map((h, i) => [h, convertValue(r[i]!, logical[i])])),
    );
    await insertRows(ctx, tmp, values);
  }
  await swapIn(ctx, 'table');
  return { rowsAffected: rows.length, message: `INSERT ${rows.length}` };
}

/** One multi-row INSERT (split while longer than the engine accepts), recorded for --debug. */
async function insertRows(ctx: BuildContext, tmp: Relation, values: Record<string, unknown>[]): Promise<void> {
  const run = await insertRowsWithin(ctx.engine, tmp.schema, tmp.identifier, values);
  for (const q of run) ctx.statements.push(`${q.slice(0, 120)}… (${values.length} rows in ${run.length} statements)`);
}
