import { sql, type Kysely } from 'kysely';
import { KeelError } from '../../core/errors.js';
import type { SegmentSource } from '../segment-source.js';
import type { SyncSql } from '../../engines/sync-sql.js';
import { discardPlan } from '../state/runs.js';
import { atomically } from '../state/atomic.js';
import { countDelta, insertDeltaQuery, withBounds, type SegmentCounts, type SegmentDeltaInput } from './plan-sql.js';

export interface PlanSegment {
  runId: string;
  endpoint: string;
  source: SegmentSource;
  behavior: { name: string; id: number | null };
  mode: 'full' | 'delta';
  startedAt: Date;
}

export function deltaInput(p: Pick<PlanSegment, 'runId' | 'endpoint' | 'source' | 'mode'>): SegmentDeltaInput {
  return {
    runId: p.runId,
    segment: p.source.name,
    endpoint: p.endpoint,
    members: p.source.members,
    history: p.source.history,
    personKey: p.source.personKey,
    reasonColumn: p.source.reasonColumn,
    identifiers: p.source.config.identifiers,
    full: p.mode === 'full',
  };
}

/**
 * Pins one segment's part of a run, atomically: the run row (with the history time it reflects
 * and the acknowledged run it diffs against) and every per-member change. From here on the run
 * is a fixed list: delivering it again after a crash sends the same lines in the same files.
 * The row says `planning` until the changes are complete, so where the statements commit one by
 * one a half-planned segment is never delivered.
 */
export async function planSegment(db: Kysely<any>, schema: string, f: SyncSql, p: PlanSegment): Promise<SegmentCounts> {
  const input = deltaInput(p);
  try {
    return await atomically(db, f, async (trx) => {
      await trx
        .withSchema(schema)
        .insertInto('keel_sync_runs')
        .columns(['run_id', 'endpoint', 'segment', 'model_id', 'behavior_name', 'behavior_id', 'mode', 'status', 'as_of', 'since', 'files', 'started_at'])
        .expression(
          withBounds(trx, schema, input, 'live')
            .selectFrom('bounds')
            .select([
              sql.lit(p.runId).as('run_id'),
              sql.lit(p.endpoint).as('endpoint'),
              sql.lit(p.source.name).as('segment'),
              sql.lit(p.source.node.uniqueId).as('model_id'),
              sql.val(p.behavior.name).as('behavior_name'),
              // typed: an untyped NULL or text literal does not go into a bigint or timestamp column everywhere
              sql`cast(${sql.val(p.behavior.id)} as ${sql.raw(f.types.bigint)})`.as('behavior_id'),
              sql.lit(p.mode).as('mode'),
              sql.lit('planning').as('status'),
              'bounds.as_of',
              'bounds.since',
              sql.lit('[]').as('files'),
              sql`cast(${sql.val(p.startedAt)} as ${sql.raw(f.types.timestamp)})`.as('started_at'),
            ]),
        )
        .execute();
      await insertDeltaQuery(trx, schema, f, input).execute();
      const counts = await countDelta(trx, schema, f, input, 'planned');
      if (counts.members !== counts.membersRelation) {
        throw new KeelError(
          `segment '${p.source.name}': its membership history says ${counts.members} current members but ${p.source.members.identifier} holds ${counts.membersRelation}; nothing was planned`,
          {
            location: { file: p.source.node.path },
            hint: `The two relations come from different builds. Rebuild the segment: keel build --select ${p.source.name}`,
          },
        );
      }
      await trx
        .withSchema(schema)
        .updateTable('keel_sync_runs')
        .set({
          status: 'planned',
          members: counts.members,
          adds: counts.adds,
          removes: counts.removes,
          optouts: counts.optouts,
          unchanged: counts.unchanged,
          invalid_ids: counts.invalidIds,
        })
        .where('run_id', '=', p.runId)
        .where('segment', '=', p.source.name)
        .execute();
      return counts;
    });
  } catch (e) {
    // no transaction rolled the earlier statements back: take them back here (or, should that
    // fail too, the next sync does: see abandonInterruptedPlans)
    if (!f.transactions) await discardPlan(db, schema, p.runId, p.source.name).catch(() => {});
    throw e;
  }
}
