import { KeelError } from '../../core/errors.js';
import type { Relation } from '../../core/relation.js';
import { run, type BuildContext } from '../context.js';
import type { JourneySpec } from './config.js';
import { callsSelect, edgesSelect, idGraphSelect, initialLabelsSelect, nodesSelect, stitchRoundSelect, unsettledLinksSelect } from './id-graph-sql.js';
import { dropIfExists, scalar, workRelation } from './relations.js';
import type { SqlContext } from './sql-context.js';

/** Work tables of identity stitching, all dropped by the caller after the build. */
export function stitchWorkRelations(model: Relation): Relation[] {
  return ['calls', 'nodes', 'edges', 'labels_0', 'labels_1'].map((p) => workRelation(model, p));
}

/**
 * Builds the id graph into `out` by pointer jumping (see id-graph-sql.ts), one CREATE TABLE per
 * round, until every link joins two ids of the same label (the fixpoint: no round could change a
 * label). Returns the number of rounds after the initial labels; 0 when those are final already.
 */
export async function buildIdGraph(ctx: BuildContext, s: SqlContext, spec: JourneySpec, source: string, out: Relation): Promise<number> {
  const { dialect } = ctx.engine;
  const [calls, nodes, edges, ...labels] = stitchWorkRelations(ctx.relation) as [Relation, Relation, Relation, Relation, Relation];
  const create = (rel: Relation, sql: string) => run(ctx, dialect.createTableAs(rel, sql));
  await create(calls, callsSelect(s, spec, source));
  await create(nodes, nodesSelect(s, spec, calls));
  await create(edges, edgesSelect(s, spec, calls));
  await create(labels[0]!, initialLabelsSelect(s, edges));
  let round = 0;
  let unsettled = await scalar(ctx, unsettledLinksSelect(s, edges, labels[0]!));
  while (unsettled > 0) {
    if (round === spec.maxIterations) {
      throw new KeelError(`identity stitching did not converge after ${spec.maxIterations} rounds: ${unsettled} links still join ids of different persons`, {
        location: { file: ctx.node.path },
        hint: 'Raise journey.max_iterations (the rounds grow with the log of the longest chain of linked ids).',
      });
    }
    const [before, after] = [labels[round % 2]!, labels[(round + 1) % 2]!];
    round++;
    await dropIfExists(ctx, [after]);
    await create(after, stitchRoundSelect(s, edges, before));
    unsettled = await scalar(ctx, unsettledLinksSelect(s, edges, after));
  }
  await create(out, idGraphSelect(s, nodes, labels[round % 2]!));
  return round;
}
