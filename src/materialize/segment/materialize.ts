import { KeelError } from '../../core/errors.js';
import type { Relation } from '../../core/relation.js';
import { analyticsDialectFor } from '../../engines/registry.js';
import { run, sideRelations, type BuildContext, type BuildResult } from '../context.js';
import {
  dropIfExists,
  modelSource,
  scalar,
  sideRelationsOf,
  sourceWorkRelation,
  swapOutputs,
  swapsOneByOne,
  withSuffix,
  workRelation,
} from '../journey/relations.js';
import { sqlContext } from '../journey/sql-context.js';
import { formatAsOf, parseSegmentConfig } from './config.js';
import {
  candidatesSelect,
  changesSelect,
  duplicateKeysSelect,
  emptyHistorySelect,
  historyUpdateStatements,
  laterHistorySelect,
  membersSelect,
  type SegmentRelations,
} from './plan-sql.js';

/** The segment's outputs: the model's relation holds the current members. */
export function segmentOutputs(model: Relation): { members: Relation; history: Relation; changes: Relation } {
  return { members: model, history: withSuffix(model, '_history'), changes: withSuffix(model, '_changes') };
}

/**
 * segment: evaluates the rules at as_of, then in one transaction updates the membership history
 * and replaces the members and last-changes tables (without transactions: see below). --full-refresh
 * changes nothing here: members are recomputed on every build anyway, and the history is never rebuilt.
 */
export async function buildSegment(ctx: BuildContext): Promise<BuildResult> {
  const spec = parseSegmentConfig(ctx.node.config.segment, ctx.node.path);
  const s = sqlContext(analyticsDialectFor(ctx.engine.type));
  const asOfText = spec.asOf ?? formatAsOf(new Date());
  const asOf = s.a.timestampLiteral(asOfText);
  const { members, history, changes } = segmentOutputs(ctx.relation);
  const candidates = workRelation(ctx.relation, 'candidates');
  const fail = (message: string, hint?: string) => new KeelError(message, { location: { file: ctx.node.path }, hint });
  const work = [candidates, sourceWorkRelation(ctx.relation)];
  await dropIfExists(ctx, [...sideRelationsOf([members, changes, history]), ...work]);
  try {
    if (await ctx.engine.getRelation(history)) {
      const later = await scalar(ctx, laterHistorySelect(s, history, asOf));
      if (later > 0) {
        throw fail(
          `as_of ${asOfText} is earlier than memberships already recorded in ${s.rel(history)}`,
          'The history is kept in as_of order: build with a later as_of (drop the history table to start it over).',
        );
      }
    } else {
      // empty until the transaction below fills it: a failed first build leaves an empty history, which is true
      await run(ctx, ctx.engine.dialect.createTableAs(history, emptyHistorySelect(s)));
    }
    await run(ctx, ctx.engine.dialect.createTableAs(candidates, candidatesSelect(s, spec, await modelSource(ctx, s.rel), asOf)));
    const duplicates = await scalar(ctx, duplicateKeysSelect(s, candidates));
    if (duplicates > 0) {
      throw fail(`${duplicates} rows repeat a person key ('${spec.key}'): a segment's SELECT needs one row per person`);
    }
    const oldMembers = ctx.existing?.type === 'table' ? members : undefined;
    const r: SegmentRelations = {
      candidates,
      newMembers: sideRelations(members).tmp,
      oldMembers,
      oldIdentifiers: oldMembers ? (await ctx.engine.getColumns(oldMembers)).map((c) => c.name) : undefined,
      history,
      newChanges: sideRelations(changes).tmp,
    };
    await run(ctx, ctx.engine.dialect.createTableAs(r.newMembers, membersSelect(s, spec, r, asOf)));
    await run(ctx, ctx.engine.dialect.createTableAs(r.newChanges, changesSelect(s, spec, r, asOf)));
    const size = await scalar(ctx, `SELECT count(*) FROM ${s.rel(r.newMembers)}`);
    const changed = (change: string) => scalar(ctx, `SELECT count(*) FROM ${s.rel(r.newChanges)} WHERE ${s.id('change')} = ${s.a.stringLiteral(change)}`);
    const [added, removed] = [await changed('added'), await changed('removed')];
    const outputs = [
      { live: members, existing: ctx.existing, built: 'table' as const },
      { live: changes, existing: await ctx.engine.getRelation(changes), built: 'table' as const },
    ];
    if (swapsOneByOne(ctx)) {
      // no transaction to update the history in place with: the updated history is built as a copy and
      // swapped in last, so a crash before it leaves the old history and the next build records the changes again
      const newHistory = sideRelations(history).tmp;
      await run(ctx, ctx.engine.dialect.createTableAs(newHistory, `SELECT * FROM ${s.rel(history)}`));
      for (const statement of historyUpdateStatements(s, { ...r, history: newHistory }, asOf)) await run(ctx, statement);
      await swapOutputs(ctx, [...outputs, { live: history, existing: await ctx.engine.getRelation(history), built: 'table' }]);
    } else {
      await swapOutputs(ctx, outputs, historyUpdateStatements(s, r, asOf));
    }
    return { rowsAffected: size, message: `MEMBERS ${size} (+${added} -${removed}) as of ${asOfText}` };
  } finally {
    await dropIfExists(ctx, work);
  }
}
