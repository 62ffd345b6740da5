import { KeelError } from '../core/errors.js';
import { asArray } from '../compiler/helpers.js';
import { addStats, createTableAs, sideRelations, stepOptions, type BuildContext, type BuildResult } from './context.js';
import { dropLeftovers } from './swap.js';
import { buildTable, countRows, refuseOnFailure } from './table.js';
import { assertUniqueKey } from './unique-key-check.js';

/** Whether the model is built incrementally this time (dbt's is_incremental()). */
export function isIncrementalRun(ctx: Pick<BuildContext, 'existing' | 'fullRefresh' | 'node'>): boolean {
  const fullRefresh = ctx.node.config.full_refresh ?? ctx.fullRefresh;
  return ctx.existing?.type === 'table' && !fullRefresh;
}

/**
 * New rows are staged in a side table, then appended or merged into the live table in one
 * transaction: a failure leaves the live table as it was.
 */
export async function buildIncremental(ctx: BuildContext): Promise<BuildResult> {
  const strategy = ctx.node.config.incremental_strategy ?? (ctx.node.config.unique_key ? 'merge' : 'append');
  const uniqueKey = asArray(ctx.node.config.unique_key);
  const keyed = strategy === 'merge' || strategy === 'delete+insert';
  // a table built whole with repeated keys would make every later merge drop or duplicate rows
  if (!isIncrementalRun(ctx))
    return buildTable(ctx, keyed && uniqueKey.length ? (built) => assertUniqueKey(ctx, built, uniqueKey, 'the built table') : undefined);
  if (keyed && !uniqueKey.length) {
    throw new KeelError(`incremental_strategy '${strategy}' needs a unique_key`, { location: { file: ctx.node.path } });
  }
  await dropLeftovers(ctx);
  const { tmp } = sideRelations(ctx.relation);
  const staged = await createTableAs(ctx, tmp, ctx.sql);
  const rows = staged.rowsAffected ?? (await countRows(ctx, tmp));
  const columns = (await ctx.engine.getColumns(tmp)).map((c) => c.name);
  const liveColumns = new Set((await ctx.engine.getColumns(ctx.relation)).map((c) => c.name.toLowerCase()));
  const missing = columns.filter((c) => !liveColumns.has(c.toLowerCase()));
  if (missing.length) {
    throw new KeelError(`the new rows have columns the existing table lacks: ${missing.join(', ')}`, {
      location: { file: ctx.node.path },
      hint: 'Rebuild it with --full-refresh.',
    });
  }
  if (keyed) await refuseOnFailure(ctx, tmp, () => assertUniqueKey(ctx, tmp, uniqueKey, 'the new rows'));
  const step = { strategy, target: ctx.relation, staged: tmp, uniqueKey, columns, config: ctx.node.config };
  const applied = await ctx.engine.applyIncremental(step, stepOptions(ctx));
  return { rowsAffected: rows, message: `${strategy.toUpperCase()} ${rows ?? ''}`.trim(), stats: addStats(staged.stats, applied.stats) };
}
