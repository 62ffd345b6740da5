import type { Relation } from '../../core/relation.js';
import { analyticsDialectFor } from '../../engines/registry.js';
import { addStats, atomically, createTableAs, run, sideRelations, type BuildContext, type BuildResult } from '../context.js';
import { replaceStatements } from '../journey/relations.js';
import { dropLeftovers, swapIn } from '../swap.js';
import { countRows } from '../table.js';
import { parseFunnelConfig } from './config.js';
import { checkEventColumns, resolvePerson } from './person.js';
import { funnelOutputs, planFunnel } from './plan.js';

/**
 * funnel: the per-person table from one scan of the model's events, then the aggregate from it,
 * both built beside the live tables and swapped in together.
 */
export async function buildFunnel(ctx: BuildContext): Promise<BuildResult> {
  const file = ctx.node.path;
  const spec = parseFunnelConfig(ctx.node.config.funnel, file);
  const columns = await eventColumns(ctx);
  const person = resolvePerson(spec, columns, file);
  checkEventColumns(spec, person, columns, file);
  const plan = planFunnel({ spec, person, eventsSql: ctx.sql, dialect: analyticsDialectFor(ctx.engine) });

  const { persons, steps } = funnelOutputs(ctx.relation);
  const stepsCtx: BuildContext = { ...ctx, relation: steps, existing: await ctx.engine.getRelation(steps) };
  await dropLeftovers(ctx);
  await dropLeftovers(stepsCtx);
  const built = { persons: sideRelations(persons).tmp, steps: sideRelations(steps).tmp };
  const scanned = await createTableAs(ctx, built.persons, plan.personsSql);
  const rows = scanned.rowsAffected ?? (await countRows(ctx, built.persons));
  const aggregated = await createTableAs(ctx, built.steps, plan.stepsSql(built.persons));
  await swapBoth(ctx, stepsCtx);
  return { rowsAffected: rows, message: `FUNNEL ${rows ?? '?'} persons`, stats: addStats(scanned.stats, aggregated.stats) };
}

/** The model SELECT's columns, without reading its rows. */
async function eventColumns(ctx: BuildContext): Promise<string[]> {
  const r = await run(ctx, `SELECT * FROM (\n${ctx.sql}\n) AS keel_events WHERE 1 = 0`);
  return r.columns.map((c) => c.name);
}

/**
 * Readers see both old tables or both new ones: one transaction where DDL is transactional;
 * engines that swap with their own step (Athena) replace them one after the other.
 */
async function swapBoth(personsCtx: BuildContext, stepsCtx: BuildContext): Promise<void> {
  if (!personsCtx.engine.capabilities.transactionalDdl) {
    await swapIn(personsCtx, 'table');
    await swapIn(stepsCtx, 'table');
    return;
  }
  const live = (c: BuildContext): { live: Relation; existing: BuildContext['existing']; built: 'table' } => ({
    live: c.relation,
    existing: c.existing,
    built: 'table',
  });
  await atomically(personsCtx, replaceStatements(personsCtx, [live(personsCtx), live(stepsCtx)]));
}
