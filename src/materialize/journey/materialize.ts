import { KeelError } from '../../core/errors.js';
import type { Relation } from '../../core/relation.js';
import { analyticsDialectFor } from '../../engines/registry.js';
import { run, sideRelations, type BuildContext, type BuildResult } from '../context.js';
import { isIncrementalRun } from '../incremental.js';
import { countRows } from '../table.js';
import { parseJourneyConfig, type JourneySpec } from './config.js';
import { affectedSelect, boundsSelect, deleteReopenedSql, incrementalFilter, keptEndsSelect, mergedSessionsSelect, type Window } from './incremental-sql.js';
import { dropIfExists, modelSource, scalar, sideRelationsOf, sourceWorkRelation, swapOutputs, swapsOneByOne, withSuffix, workRelation } from './relations.js';
import { eventsSelect, sessionsSelect } from './sessions-sql.js';
import { sqlContext, type SqlContext } from './sql-context.js';
import { buildIdGraph, stitchWorkRelations } from './stitch.js';

/** The journey's outputs: the model's relation holds the sessions; the id graph sits beside it. */
export function journeyOutputs(model: Relation): { sessions: Relation; idGraph: Relation } {
  return { sessions: model, idGraph: withSuffix(model, '_id_graph') };
}

const INCREMENTAL_WORK = ['affected', 'kept_ends', 'staged'];

/**
 * journey: stitches identities into an id graph, then sessionizes the model's events, fully or
 * incrementally. Both outputs are built beside the live ones and replaced in one transaction
 * (without transactions, one by one: see swapOutputs).
 */
export async function buildJourney(ctx: BuildContext): Promise<BuildResult> {
  const spec = parseJourneyConfig(ctx.node.config.journey, ctx.node.path);
  const s = sqlContext(analyticsDialectFor(ctx.engine.type));
  const { sessions, idGraph } = journeyOutputs(ctx.relation);
  const work = [...stitchWorkRelations(ctx.relation), ...INCREMENTAL_WORK.map((p) => workRelation(ctx.relation, p)), sourceWorkRelation(ctx.relation)];
  await dropIfExists(ctx, [...sideRelationsOf([sessions, idGraph]), ...work]);
  try {
    const source = await modelSource(ctx, s.rel);
    const newGraph = sideRelations(idGraph).tmp;
    const rounds = await buildIdGraph(ctx, s, spec, source, newGraph);
    const graphExisting = await ctx.engine.getRelation(idGraph);
    const incremental = isIncrementalRun(ctx) && graphExisting !== null;
    const result = (incremental ? await buildIncrementally(ctx, s, spec, source, newGraph) : undefined) ?? (await buildFully(ctx, s, spec, source, newGraph));
    return { ...result, message: `${result.message}, id graph in ${rounds} rounds` };
  } finally {
    await dropIfExists(ctx, work);
  }
}

async function buildFully(ctx: BuildContext, s: SqlContext, spec: JourneySpec, source: string, newGraph: Relation): Promise<BuildResult> {
  const { sessions, idGraph } = journeyOutputs(ctx.relation);
  const tmp = sideRelations(sessions).tmp;
  const created = await run(ctx, ctx.engine.dialect.createTableAs(tmp, sessionsSelect(s, spec, eventsSelect(s, spec, source, newGraph))));
  const rows = created.rowsAffected ?? (await countRows(ctx, tmp));
  // the id graph last: a later build re-stitches against it, so it must not run ahead of the sessions
  await swapOutputs(ctx, [
    { live: sessions, existing: ctx.existing, built: 'table' },
    { live: idGraph, existing: await ctx.engine.getRelation(idGraph), built: 'table' },
  ]);
  return { rowsAffected: rows, message: `SESSIONS ${rows ?? '?'}` };
}

/** Returns undefined when there is nothing to continue from (no sessions yet): build fully instead. */
async function buildIncrementally(ctx: BuildContext, s: SqlContext, spec: JourneySpec, source: string, newGraph: Relation): Promise<BuildResult | undefined> {
  const { dialect } = ctx.engine;
  const { sessions, idGraph } = journeyOutputs(ctx.relation);
  const bounds = (await run(ctx, boundsSelect(s, spec, sessions))).rows[0];
  if (!bounds?.keep_until || !bounds.read_from) return undefined;

  const affected = workRelation(ctx.relation, 'affected');
  await run(ctx, dialect.createTableAs(affected, affectedSelect(s, idGraph, newGraph)));
  const affectedCount = await scalar(ctx, `SELECT count(*) FROM ${s.rel(affected)}`);
  const w: Window = { keepUntil: String(bounds.keep_until), readFrom: String(bounds.read_from), affected: affectedCount > 0 ? affected : undefined };

  const keptEnds = workRelation(ctx.relation, 'kept_ends');
  await run(ctx, dialect.createTableAs(keptEnds, keptEndsSelect(s, sessions, w)));
  const staged = workRelation(ctx.relation, 'staged');
  const events = eventsSelect(s, spec, source, newGraph, incrementalFilter(s, spec, keptEnds, w));
  const created = await run(ctx, dialect.createTableAs(staged, sessionsSelect(s, spec, events)));
  const rows = created.rowsAffected ?? (await countRows(ctx, staged));

  const columns = await sameColumns(ctx, staged, sessions);
  const graph = { live: idGraph, existing: await ctx.engine.getRelation(idGraph), built: 'table' as const };
  if (swapsOneByOne(ctx)) {
    // no transaction to DELETE and INSERT in: the merged sessions are built beside the live ones and swapped in
    await run(ctx, dialect.createTableAs(sideRelations(sessions).tmp, mergedSessionsSelect(s, sessions, staged, w, columns)));
    await swapOutputs(ctx, [{ live: sessions, existing: ctx.existing, built: 'table' }, graph]);
  } else {
    const insert = dialect.insertInto(sessions, `SELECT ${columns.map(s.id).join(', ')} FROM ${s.rel(staged)}`, columns);
    await swapOutputs(ctx, [graph], [deleteReopenedSql(s, sessions, w), insert]);
  }
  return {
    rowsAffected: rows,
    message: `SESSIONS ${rows ?? '?'} rebuilt from ${w.readFrom}${affectedCount ? `, ${affectedCount} persons re-stitched` : ''}`,
  };
}

/** The staged sessions must fit the live table; a changed config (e.g. landing columns) needs a full refresh. */
async function sameColumns(ctx: BuildContext, staged: Relation, live: Relation): Promise<string[]> {
  const names = async (r: Relation) => (await ctx.engine.getColumns(r)).map((c) => c.name);
  const [a, b] = [await names(staged), await names(live)];
  if (a.join('\0').toLowerCase() !== b.join('\0').toLowerCase()) {
    throw new KeelError(`the journey's columns changed (${b.join(', ')} → ${a.join(', ')})`, {
      location: { file: ctx.node.path },
      hint: 'Rebuild it with --full-refresh.',
    });
  }
  return a;
}
