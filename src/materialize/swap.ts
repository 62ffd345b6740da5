import type { RelationType } from '../core/relation.js';
import { sideRelations, stepOptions, type BuildContext } from './context.js';

/** Drops side relations a killed or failed earlier build left behind. */
export async function dropLeftovers(ctx: BuildContext): Promise<void> {
  const { tmp, backup } = sideRelations(ctx.relation);
  for (const rel of [tmp, backup]) {
    const found = await ctx.engine.getRelation(rel);
    if (found) await ctx.engine.dropRelation(rel, found.type, stepOptions(ctx));
  }
}

/** Puts the freshly built `tmp` relation in place of the live one: readers see the old relation or the new one, never neither. */
export async function swapIn(ctx: BuildContext, builtType: RelationType): Promise<void> {
  const replacement = { live: ctx.relation, liveType: ctx.existing?.type ?? null, built: sideRelations(ctx.relation).tmp, builtType };
  await ctx.engine.replaceRelation(replacement, stepOptions(ctx));
}
