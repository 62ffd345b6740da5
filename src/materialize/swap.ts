import type { RelationType } from '../core/relation.js';
import { atomically, run, sideRelations, stepOptions, type BuildContext } from './context.js';

/** Drops side relations a killed or failed earlier build left behind. */
export async function dropLeftovers(ctx: BuildContext): Promise<void> {
  const { dialect, } = ctx.engine;
  const { tmp, backup } = sideRelations(ctx.relation);
  for (const rel of [tmp, backup]) {
    const found = await ctx.engine.getRelation(rel);
    if (!found) continue;
    if (ctx.engine.dropRelation) await ctx.engine.dropRelation(rel, found.type, stepOptions(ctx));
    else await run(ctx, dialect.dropRelation(rel, found.type));
  }
}

/**
 * Replaces the live relation with the freshly built `tmp` one in one transaction, so readers see
 * either the old relation or the new one, never neither. The old one is dropped in the same transaction.
 */
export async function swapIn(ctx: BuildContext, builtType: RelationType): Promise<void> {
  const { dialect } = ctx.engine;
  const { tmp, backup } = sideRelations(ctx.relation);
  if (ctx.engine.replaceRelation) return ctx.engine.replaceRelation(ctx.relation, tmp, builtType, stepOptions(ctx));
  const statements: string[] = [];
  if (ctx.existing) {
    statements.push(dialect.renameRelation(ctx.relation, backup.identifier, ctx.existing.type));
  }
  statements.push(dialect.renameRelation(tmp, ctx.relation.identifier, builtType));
  if (ctx.existing) statements.push(dialect.dropRelation(backup, ctx.existing.type));
  await atomically(ctx, statements);
}
