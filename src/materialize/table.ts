import { sql } from 'kysely';
import type { Relation } from '../core/relation.js';
import { createTableAs, run, sideRelations, stepOptions, type BuildContext, type BuildResult } from './context.js';
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

/** Builds the table beside the live one and swaps it in; `check` may refuse the built table first, which is then dropped. */
export async function buildTable(ctx: BuildContext, check?: (built: Relation) => Promise<void>): Promise<BuildResult> {
  await dropLeftovers(ctx);
  const { tmp } = sideRelations(ctx.relation);
  const created = await createTableAs(ctx, tmp, ctx.sql);
  const rows = created.rowsAffected ?? (await countRows(ctx, tmp));
  if (check) await refuseOnFailure(ctx, tmp, () => check(tmp));
  await swapIn(ctx, 'table');
  return { rowsAffected: rows, message: `SELECT ${rows ?? ''}`.trim(), stats: created.stats };
}

/** Runs `check` on a side table; when it throws, the side table goes before the error does, and the live relation is untouched. */
export async function refuseOnFailure(ctx: BuildContext, side: Relation, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (e) {
    await ctx.engine.dropRelation(side, 'table', stepOptions(ctx)).catch(() => {});
    throw e;
  }
}
