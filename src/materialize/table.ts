import { sql } from 'kysely';
import { createTableAs, run, sideRelations, type BuildContext, type BuildResult } from './context.js';
import { dropLeftovers, swapIn } from './swap.js';

export async function countRows(ctx: BuildContext, rel = ctx.relation): Promise<number | undefined> {
  const { db } = ctx.engine;
  const q = db
    .selectFrom(sql.raw(ctx.engine.dialect.quoteRelation(rel)).as('t') as never)
    .select(sql<number>`count(*)`.as('n'))
    .compile();
  const r = await run(ctx, q.sql);
  const n = r.rows[0]?.n;
  return n === undefined || n === null ? undefined : Number(n);
}

export async function buildTable(ctx: BuildContext): Promise<BuildResult> {
  await dropLeftovers(ctx);
  const { tmp } = sideRelations(ctx.relation);
  const created = await createTableAs(ctx, tmp, ctx.sql);
  const rows = created.rowsAffected ?? (await countRows(ctx, tmp));
  await swapIn(ctx, 'table');
  return { rowsAffected: rows, message: `SELECT ${rows ?? ''}`.trim(), stats: created.stats };
}
