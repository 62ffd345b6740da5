import { notOptedOutInRun, runHasOptouts } from '../delta/not-opted-out.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SyncSql } from '../../engines/sync-sql.js';
import type { SyncFile } from '../files/sync-file.js';
import { atomically } from './atomic.js';
import type { SyncRunRow, SyncTables } from './tables.js';

type Db = Kysely<SyncTables> | Transaction<SyncTables>;

/** Numbers come back from DuckDB as number (or string past 2^53); dates as Date. */
export function runFromRow(r: Record<string, unknown>): SyncRunRow {
  const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return {
    ...(r as unknown as SyncRunRow),
    behavior_id: r.behavior_id === null || r.behavior_id === undefined ? null : Number(r.behavior_id),
    members: num(r.members),
    adds: num(r.adds),
    removes: num(r.removes),
    optouts: num(r.optouts),
    unchanged: num(r.unchanged),
    invalid_ids: num(r.invalid_ids),
  };
}

export async function runsOf(db: Db, schema: string, runId: string): Promise<SyncRunRow[]> {
  const rows = await db.withSchema(schema).selectFrom('keel_sync_runs').selectAll().where('run_id', '=', runId).orderBy('segment').execute();
  return rows.map((r) => runFromRow(r as Record<string, unknown>));
}

/** Runs planned but never acknowledged at this endpoint: a crash or a failed upload left them; they are resumed first. */
export async function unfinishedRunIds(db: Db, schema: string, endpoint: string): Promise<string[]> {
  const rows = await db
    .withSchema(schema)
    .selectFrom('keel_sync_runs')
    .select('run_id')
    .distinct()
    .where('endpoint', '=', endpoint)
    .where('status', 'in', ['planned', 'uploaded'])
    .orderBy('run_id')
    .execute();
  return rows.map((r) => r.run_id);
}

/** When the segment's members were last all sent (full run acknowledged), to schedule the next full refresh. */
export async function lastFullRefresh(db: Db, schema: string, endpoint: string, segment: string): Promise<Date | null> {
  const row = await db
    .withSchema(schema)
    .selectFrom('keel_sync_runs')
    .select((eb) => eb.fn.max('finished_at').as('at'))
    .where('endpoint', '=', endpoint)
    .where('segment', '=', segment)
    .where('status', '=', 'acknowledged')
    .where('mode', '=', 'full')
    .executeTakeFirst();
  return (row?.at as Date | null | undefined) ?? null;
}

export async function markUploaded(db: Db, schema: string, runId: string, files: SyncFile[]): Promise<void> {
  await db
    .withSchema(schema)
    .updateTable('keel_sync_runs')
    .set({ status: 'uploaded', files: JSON.stringify(files.map(publicFile)), message: null })
    .where('run_id', '=', runId)
    .where('status', 'in', ['planned', 'uploaded'])
    .execute();
}

/** A run that could not upload stays planned (resumed next time); the message says why. */
export async function noteRunError(db: Db, schema: string, runId: string, message: string): Promise<void> {
  await db
    .withSchema(schema)
    .updateTable('keel_sync_runs')
    .set({ message })
    .where('run_id', '=', runId)
    .where('status', 'in', ['planned', 'uploaded'])
    .execute();
}

/** A segment stopped before planning (behavior refused, bad data): recorded, nothing advanced. */
export async function recordFailedRun(
  db: Db,
  schema: string,
  row: Pick<SyncRunRow, 'run_id' | 'endpoint' | 'segment' | 'model_id' | 'behavior_name' | 'message' | 'started_at'>,
): Promise<void> {
  await db
    .withSchema(schema)
    .insertInto('keel_sync_runs')
    .values({
      ...row,
      behavior_id: null,
      mode: 'delta',
      status: 'failed',
      as_of: null,
      since: null,
      members: 0,
      adds: 0,
      removes: 0,
      optouts: 0,
      unchanged: 0,
      invalid_ids: 0,
      files: '[]',
      finished_at: new Date(),
    })
    .execute();
}

/**
 * Advances the acknowledged state of every segment of the run, atomically where the engine has
 * transactions: the ledger of ids Lotame has from us takes the run's changes (persons who left
 * lose theirs, new ids join), the run becomes acknowledged (its as_of is the next run's `since`),
 * and its pinned delta is dropped. Ids withheld because the same id opted out in this run never
 * enter the ledger. Without transactions every step can run again after a crash with the same
 * outcome: removals delete what is already gone, and an id this run already put in the ledger is
 * not added twice.
 */
export async function acknowledgeRun(
  db: Kysely<SyncTables>,
  schema: string,
  f: Pick<SyncSql, 'transactions'>,
  runId: string,
  endpoint: string,
  finishedAt: Date,
): Promise<void> {
  const segments = (await runsOf(db, schema, runId)).filter((r) => r.status === 'planned' || r.status === 'uploaded').map((r) => r.segment);
  await atomically(db, f, async (trx: Kysely<SyncTables>) => {
    const t = trx.withSchema(schema);
    // one statement per segment: Redshift and Trino give a DELETE's target no alias to correlate with
    for (const segment of segments) {
      await t
        .deleteFrom('keel_sync_identities')
        .where('endpoint', '=', endpoint)
        .where('segment', '=', segment)
        .where('person_key', 'in', (eb) =>
          eb.selectFrom('keel_sync_delta').select('person_key').where('run_id', '=', runId).where('segment', '=', segment).where('change', '=', 'remove'),
        )
        .execute();
    }
    const optouts = await runHasOptouts(t, runId);
    await t
      .insertInto('keel_sync_identities')
      .columns(['endpoint', 'segment', 'person_key', 'id_type', 'userid', 'source_hash', 'run_id'])
      .expression((eb) =>
        eb
          .selectFrom('keel_sync_delta as d')
          .select([sql.lit(endpoint).as('endpoint'), 'd.segment', 'd.person_key', 'd.id_type', 'd.userid', 'd.source_hash', 'd.run_id'])
          .where('d.run_id', '=', runId)
          .where('d.change', '=', 'add')
          .$if(optouts, (q) => q.where(notOptedOutInRun(runId)))
          .$if(!f.transactions, (q) =>
            q.where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('keel_sync_identities as i')
                    .select(sql.lit(1).as('one'))
                    .where('i.endpoint', '=', endpoint)
                    .whereRef('i.run_id', '=', 'd.run_id')
                    .whereRef('i.segment', '=', 'd.segment')
                    .whereRef('i.person_key', '=', 'd.person_key')
                    .whereRef('i.id_type', '=', 'd.id_type')
                    .whereRef('i.userid', '=', 'd.userid'),
                ),
              ),
            ),
          ),
      )
      .execute();
    await t
      .updateTable('keel_sync_runs')
      .set({ status: 'acknowledged', finished_at: finishedAt, message: null })
      .where('run_id', '=', runId)
      .where('status', 'in', ['planned', 'uploaded'])
      .execute();
    await t.deleteFrom('keel_sync_delta').where('run_id', '=', runId).execute();
  });
}

/** A segment whose planning failed, where no transaction took its statements back: its row and changes go. */
export async function discardPlan(db: Kysely<SyncTables>, schema: string, runId: string, segment: string): Promise<void> {
  const t = db.withSchema(schema);
  await t.deleteFrom('keel_sync_delta').where('run_id', '=', runId).where('segment', '=', segment).execute();
  await t.deleteFrom('keel_sync_runs').where('run_id', '=', runId).where('segment', '=', segment).where('status', '=', 'planning').execute();
}

/**
 * What a sync killed between two statements leaves on an engine without transactions, repaired
 * before anything else (the sync holds the target's lock, so no other sync is writing): a segment
 * still `planning` never completed its changes and is marked failed, its changes dropped; the
 * delta of a run already acknowledged is dropped.
 */
export async function abandonInterruptedPlans(db: Kysely<SyncTables>, schema: string, endpoint: string): Promise<void> {
  const t = db.withSchema(schema);
  const planning = await t
    .selectFrom('keel_sync_runs')
    .select(['run_id', 'segment'])
    .where('endpoint', '=', endpoint)
    .where('status', '=', 'planning')
    .execute();
  for (const r of planning) {
    await t.deleteFrom('keel_sync_delta').where('run_id', '=', r.run_id).where('segment', '=', r.segment).execute();
    await t
      .updateTable('keel_sync_runs')
      .set({ status: 'failed', message: 'the sync stopped while planning this segment; nothing of it was sent', finished_at: new Date() })
      .where('run_id', '=', r.run_id)
      .where('segment', '=', r.segment)
      .where('status', '=', 'planning')
      .execute();
  }
  const leftover = await t
    .selectFrom('keel_sync_delta')
    .select('run_id')
    .distinct()
    .where('run_id', 'in', (eb) => eb.selectFrom('keel_sync_runs').select('run_id').where('endpoint', '=', endpoint).where('status', '=', 'acknowledged'))
    .execute();
  for (const r of leftover) await t.deleteFrom('keel_sync_delta').where('run_id', '=', r.run_id).execute();
}

/** Every run of every segment at this endpoint, newest first (for `keel sync status`). */
export async function runHistory(db: Db, schema: string, endpoint?: string): Promise<SyncRunRow[]> {
  let q = db.withSchema(schema).selectFrom('keel_sync_runs').selectAll();
  if (endpoint) q = q.where('endpoint', '=', endpoint);
  const rows = await q.orderBy('segment').orderBy('started_at', 'desc').orderBy('run_id', 'desc').execute();
  return rows.map((r) => runFromRow(r as Record<string, unknown>));
}

/** What keel_sync_runs and sync_results.json say about a file: no local path. */
export function publicFile(f: SyncFile): Omit<SyncFile, 'localPath'> {
  const { localPath: _, ...rest } = f;
  return rest;
}
