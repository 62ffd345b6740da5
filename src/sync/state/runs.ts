import { notOptedOutInRun, runHasOptouts } from '../delta/not-opted-out.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SyncFile } from '../files/sync-file.js';
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
  await db.withSchema(schema).updateTable('keel_sync_runs').set({ message }).where('run_id', '=', runId).where('status', 'in', ['planned', 'uploaded']).execute();
}

/** A segment stopped before planning (behavior refused, bad data): recorded, nothing advanced. */
export async function recordFailedRun(db: Db, schema: string, row: Pick<SyncRunRow, 'run_id' | 'endpoint' | 'segment' | 'model_id' | 'behavior_name' | 'message' | 'started_at'>): Promise<void> {
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
 * Advances the acknowledged state of every segment of the run, atomically: the ledger of ids
 * Lotame has from us takes the run's changes (persons who left lose theirs, new ids join), the run
 * becomes acknowledged (its as_of is the next run's `since`), and its pinned delta is dropped. Ids
 * withheld because the same id opted out in this run never enter the ledger.
 */
export async function acknowledgeRun(db: Kysely<SyncTables>, schema: string, runId: string, endpoint: string, finishedAt: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const t = trx.withSchema(schema);
    await t
      .deleteFrom('keel_sync_identities as i')
      .where('i.endpoint', '=', endpoint)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('keel_sync_delta as d')
            .select(sql.lit(1).as('one'))
            .where('d.run_id', '=', runId)
            .where('d.change', '=', 'remove')
            .whereRef('d.segment', '=', 'i.segment')
            .whereRef('d.person_key', '=', 'i.person_key'),
        ),
      )
      .execute();
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
          .$if(optouts, (q) =>
            q.where(notOptedOutInRun(runId)),
          ),
      )
      .execute();
    await t.updateTable('keel_sync_runs').set({ status: 'acknowledged', finished_at: finishedAt, message: null }).where('run_id', '=', runId).where('status', 'in', ['planned', 'uploaded']).execute();
    await t.deleteFrom('keel_sync_delta').where('run_id', '=', runId).execute();
  });
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
