import type { Kysely, RawBuilder } from 'kysely';

/** One segment's part of one sync run: the history `keel sync status` prints. */
export interface SyncRunRow {
  run_id: string;
  /** where the files go: `s3://bucket/prefix/client_id=N` or `outbox` (each has its own acknowledged state) */
  endpoint: string;
  segment: string;
  model_id: string;
  behavior_name: string;
  behavior_id: number | null;
  /** full: every current member is sent; delta: only what changed since the last acknowledged run */
  mode: 'full' | 'delta';
  /** planned → uploaded → acknowledged; failed runs never advanced anything */
  status: 'planned' | 'uploaded' | 'acknowledged' | 'failed';
  /** the membership history time this run reflects */
  as_of: Date | null;
  /** as_of of the acknowledged run this one diffs against (null: first run) */
  since: Date | null;
  members: number;
  adds: number;
  removes: number;
  optouts: number;
  unchanged: number;
  invalid_ids: number;
  /** JSON: SyncFile[] of the run (shared by the run's segments) */
  files: string;
  message: string | null;
  started_at: Date;
  finished_at: Date | null;
}

/** The per-member changes of a planned run, pinned so a rerun after a crash sends exactly the same. */
export interface SyncDeltaRow {
  run_id: string;
  segment: string;
  /** add: an id Lotame lacks; resend: an id a full run sends again; remove: the person left (reason says why); invalid: a value not sent */
  change: 'add' | 'resend' | 'remove' | 'invalid';
  person_key: string;
  reason: 'rule' | 'consent_withdrawn' | null;
  id_type: string | null;
  userid: string | null;
  /** fingerprint of the source value the userid came from */
  source_hash: bigint | null;
}

/** Every id sent to Lotame for each current member (old ones too, for opt-outs), as of each segment's last acknowledged run. */
export interface SyncIdentityRow {
  endpoint: string;
  segment: string;
  person_key: string;
  id_type: string;
  userid: string;
  /** fingerprint of the normalized source value (e.g. the address): unchanged values are not hashed again */
  source_hash: bigint | null;
  run_id: string;
}

export interface SyncTables {
  keel_sync_runs: SyncRunRow;
  keel_sync_delta: SyncDeltaRow;
  keel_sync_identities: SyncIdentityRow;
}

/** Creates the sync's state tables in `schema` when missing. */
export async function ensureSyncTables(db: Kysely<SyncTables>, schema: string, fingerprintType: RawBuilder<unknown>): Promise<void> {
  const s = db.schema.withSchema(schema);
  await s.createSchema(schema).ifNotExists().execute();
  await s
    .createTable('keel_sync_runs')
    .ifNotExists()
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .addColumn('endpoint', 'varchar', (c) => c.notNull())
    .addColumn('segment', 'varchar', (c) => c.notNull())
    .addColumn('model_id', 'varchar')
    .addColumn('behavior_name', 'varchar')
    .addColumn('behavior_id', 'bigint')
    .addColumn('mode', 'varchar')
    .addColumn('status', 'varchar', (c) => c.notNull())
    .addColumn('as_of', 'timestamp')
    .addColumn('since', 'timestamp')
    .addColumn('members', 'bigint')
    .addColumn('adds', 'bigint')
    .addColumn('removes', 'bigint')
    .addColumn('optouts', 'bigint')
    .addColumn('unchanged', 'bigint')
    .addColumn('invalid_ids', 'bigint')
    .addColumn('files', 'varchar')
    .addColumn('message', 'varchar')
    .addColumn('started_at', 'timestamp')
    .addColumn('finished_at', 'timestamp')
    .execute();
  await s
    .createTable('keel_sync_delta')
    .ifNotExists()
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .addColumn('segment', 'varchar', (c) => c.notNull())
    .addColumn('change', 'varchar', (c) => c.notNull())
    .addColumn('person_key', 'varchar', (c) => c.notNull())
    .addColumn('reason', 'varchar')
    .addColumn('id_type', 'varchar')
    .addColumn('userid', 'varchar')
    .addColumn('source_hash', fingerprintType)
    .execute();
  await s
    .createTable('keel_sync_identities')
    .ifNotExists()
    .addColumn('endpoint', 'varchar', (c) => c.notNull())
    .addColumn('segment', 'varchar', (c) => c.notNull())
    .addColumn('person_key', 'varchar', (c) => c.notNull())
    .addColumn('id_type', 'varchar', (c) => c.notNull())
    .addColumn('userid', 'varchar', (c) => c.notNull())
    .addColumn('source_hash', fingerprintType)
    .addColumn('run_id', 'varchar', (c) => c.notNull())
    .execute();
  // tables made before source_hash existed get it (their ids simply match nothing and are resent once)
  for (const table of ['keel_sync_delta', 'keel_sync_identities'] as const) {
    const has = await db.withSchema(schema).selectFrom(table).select('source_hash').limit(0).execute().then(
      () => true,
      () => false,
    );
    if (!has) await s.alterTable(table).addColumn('source_hash', fingerprintType).execute();
  }
}
