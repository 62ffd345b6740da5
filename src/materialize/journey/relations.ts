import type { ExistingRelation, Relation, RelationType } from '../../core/relation.js';
import { swapStatements } from '../../engines/transactional-steps.js';
import { atomically, run, sideRelations, stepOptions, type BuildContext } from '../context.js';

/**
 * Relations of the analytics kinds beyond the model's own: outputs beside it (`<name>_id_graph`,
 * `<name>_history`, ...) and work tables (`<name>__keel_<purpose>`) that live only during a build.
 * Shared by journey and segment.
 */

export const withSuffix = (rel: Relation, suffix: string): Relation => ({ ...rel, identifier: `${rel.identifier}${suffix}` });

export const workRelation = (rel: Relation, purpose: string): Relation => withSuffix(rel, `__keel_${purpose}`);

/**
 * Drops what exists of `rels` (leftovers of a killed build, or this build's work tables) through the
 * engine's step (Athena: a DROP TABLE would purge the files that a `__keel_tmp` left by an
 * interrupted swap shares with the live table).
 */
export async function dropIfExists(ctx: BuildContext, rels: Relation[]): Promise<void> {
  for (const rel of rels) {
    const found = await ctx.engine.getRelation(rel);
    if (found) await ctx.engine.dropRelation(rel, found.type, stepOptions(ctx));
  }
}

/** Engines without transactional DDL (Athena) swap each output on its own through `replaceRelation`. */
export const swapsOneByOne = (ctx: BuildContext): boolean => !ctx.engine.capabilities.transactionalDdl;

/** Every side relation a previous build of these outputs may have left: their tmp and backup tables. */
export function sideRelationsOf(outputs: Relation[]): Relation[] {
  return outputs.flatMap((r) => {
    const { tmp, backup } = sideRelations(r);
    return [tmp, backup];
  });
}

export interface Replacement {
  live: Relation;
  /** what is there now, if anything */
  existing: ExistingRelation | null;
  /** built beside it: `<live>__keel_tmp` */
  built: RelationType;
}

/**
 * Statements that replace several live relations with their `__keel_tmp` builds; run them in one
 * transaction (with any other change of the build) so readers see all old or all new outputs.
 */
export function replaceStatements(ctx: BuildContext, replacements: Replacement[]): string[] {
  return swapStatements(ctx.engine.dialect, replacements.map(engineReplacement));
}

const engineReplacement = (r: Replacement) => ({ live: r.live, liveType: r.existing?.type ?? null, built: sideRelations(r.live).tmp, builtType: r.built });

/**
 * Puts each output's `__keel_tmp` build in place of the live one. With transactions, in one transaction
 * after `before` (in-place changes of the same build), so readers see all old or all new outputs.
 * Without (Athena), `before` must be empty: each output is swapped in turn by the engine's
 * `replaceRelation`, so every live name always names a complete table (old or new), and a crash
 * between swaps leaves the rest old. Callers list last the output that records progress (id graph,
 * history), so the next build redoes whatever a crash left unswapped.
 */
export async function swapOutputs(ctx: BuildContext, replacements: Replacement[], before: string[] = []): Promise<void> {
  if (!swapsOneByOne(ctx)) return atomically(ctx, [...before, ...replaceStatements(ctx, replacements)]);
  if (before.length) throw new Error('swapOutputs: in-place statements need a transaction');
  for (const r of replacements) await ctx.engine.replaceRelation(engineReplacement(r), stepOptions(ctx));
}

/** Runs a query and returns its first row's first column as a number. */
export async function scalar(ctx: BuildContext, sql: string): Promise<number> {
  const r = await run(ctx, sql);
  const row = r.rows[0];
  const v = row ? Object.values(row)[0] : undefined;
  return v === undefined || v === null ? 0 : Number(v);
}

/**
 * The model's SELECT as something to read FROM. The planners nest it inside their own CTEs, which
 * Redshift refuses when the SELECT has a WITH of its own: there it is staged in a work table first.
 */
export async function modelSource(ctx: BuildContext, quoteRelation: (r: Relation) => string): Promise<string> {
  if (ctx.engine.capabilities.cteInSubquery || !/^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*with\b/i.test(ctx.sql)) return `(\n${ctx.sql}\n)`;
  const staged = workRelation(ctx.relation, 'source');
  await run(ctx, ctx.engine.dialect.createTableAs(staged, ctx.sql));
  return quoteRelation(staged);
}

export const sourceWorkRelation = (model: Relation): Relation => workRelation(model, 'source');
