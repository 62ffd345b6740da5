import type { ExistingRelation, Relation, RelationType } from '../../core/relation.js';
import { atomically, run, sideRelations, stepOptions, type BuildContext } from '../context.js';

/**
 * Relations of the analytics kinds beyond the model's own: outputs beside it (`<name>_id_graph`,
 * `<name>_history`, ...) and work tables (`<name>__keel_<purpose>`) that live only during a build.
 * Shared by journey and segment.
 */

export const withSuffix = (rel: Relation, suffix: string): Relation => ({ ...rel, identifier: `${rel.identifier}${suffix}` });

export const workRelation = (rel: Relation, purpose: string): Relation => withSuffix(rel, `__keel_${purpose}`);

/**
 * Drops what exists of `rels` (leftovers of a killed build, or this build's work tables); through
 * the engine's own step when it has one (Athena: a DROP TABLE would purge the files that a `__keel_tmp`
 * left by an interrupted swap shares with the live table).
 */
export async function dropIfExists(ctx: BuildContext, rels: Relation[]): Promise<void> {
  for (const rel of rels) {
    const found = await ctx.engine.getRelation(rel);
    if (!found) continue;
    if (ctx.engine.dropRelation) await ctx.engine.dropRelation(rel, found.type, stepOptions(ctx));
    else await run(ctx, ctx.engine.dialect.dropRelation(rel, found.type));
  }
}

/** Engines without transactions (Athena) swap each output on its own through `replaceRelation`. */
export const swapsOneByOne = (ctx: BuildContext): boolean => Boolean(ctx.engine.replaceRelation);

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
  const { dialect } = ctx.engine;
  const out: string[] = [];
  for (const r of replacements) {
    const { tmp, backup } = sideRelations(r.live);
    if (r.existing) out.push(dialect.renameRelation(r.live, backup.identifier, r.existing.type));
    out.push(dialect.renameRelation(tmp, r.live.identifier, r.built));
    if (r.existing) out.push(dialect.dropRelation(backup, r.existing.type));
  }
  return out;
}

/**
 * Puts each output's `__keel_tmp` build in place of the live one. With transactions, in one transaction
 * after `before` (in-place changes of the same build), so readers see all old or all new outputs.
 * Without (Athena), `before` must be empty: each output is swapped in turn by the engine's
 * `replaceRelation`, so every live name always names a complete table (old or new), and a crash
 * between swaps leaves the rest old. Callers list last the output that records progress (id graph,
 * history), so the next build redoes whatever a crash left unswapped.
 */
export async function swapOutputs(ctx: BuildContext, replacements: Replacement[], before: string[] = []): Promise<void> {
  const { replaceRelation } = ctx.engine;
  if (!replaceRelation) return atomically(ctx, [...before, ...replaceStatements(ctx, replacements)]);
  if (before.length) throw new Error('swapOutputs: in-place statements need a transaction');
  for (const r of replacements) await replaceRelation.call(ctx.engine, r.live, sideRelations(r.live).tmp, r.built, stepOptions(ctx));
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
  if (ctx.engine.type !== 'redshift' || !/^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*with\b/i.test(ctx.sql)) return `(\n${ctx.sql}\n)`;
  const staged = workRelation(ctx.relation, 'source');
  await run(ctx, ctx.engine.dialect.createTableAs(staged, ctx.sql));
  return quoteRelation(staged);
}

export const sourceWorkRelation = (model: Relation): Relation => workRelation(model, 'source');
