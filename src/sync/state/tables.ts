import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../engines/engine.js';
import type { SyncSql } from '../../engines/sync-sql.js';

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
  /**
   * planning → planned → uploaded → acknowledged; failed runs never advanced anything. A sync
   * killed while planning leaves `planning` (only where the engine has no transactions): the next
   * sync marks it failed.
   */
  status: 'planning' | 'planned' | 'uploaded' | 'acknowledged' | 'failed';
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

type ColumnKind = keyof SyncSql['types'];

const COLUMNS: { [T in keyof SyncTables]: Array<[keyof SyncTables[T] & string, ColumnKind]> } = {
  keel_sync_runs: [
    ['run_id', 'text'],
    ['endpoint', 'text'],
    ['segment', 'text'],
    ['model_id', 'text'],
    ['behavior_name', 'text'],
    ['behavior_id', 'bigint'],
    ['mode', 'text'],
    ['status', 'text'],
    ['as_of', 'timestamp'],
    ['since', 'timestamp'],
    ['members', 'bigint'],
    ['adds', 'bigint'],
    ['removes', 'bigint'],
    ['optouts', 'bigint'],
    ['unchanged', 'bigint'],
    ['invalid_ids', 'bigint'],
    ['files', 'text'],
    ['message', 'text'],
    ['started_at', 'timestamp'],
    ['finished_at', 'timestamp'],
  ],
  keel_sync_delta: [
    ['run_id', 'text'],
    ['segment', 'text'],
    ['change', 'text'],
    ['person_key', 'text'],
    ['reason', 'text'],
    ['id_type', 'text'],
    ['userid', 'text'],
    ['source_hash', 'fingerprint'],
  ],
  keel_sync_identities: [
    ['endpoint', 'text'],
    ['segment', 'text'],
    ['person_key', 'text'],
    ['id_type', 'text'],
    ['userid', 'text'],
    ['source_hash', 'fingerprint'],
    ['run_id', 'text'],
  ],
};

/**
 * Creates the sync's state tables in `schema` when missing, as `CREATE TABLE AS` an empty typed
 * select through the engine's own table creation (Athena's format and location), in the types the
 * engine's sync SQL names.
 */
export async function ensureSyncTables(engine: Engine, schema: string, f: SyncSql): Promise<void> {
  await engine.ensureSchema(schema);
  for (const [table, columns] of Object.entries(COLUMNS) as Array<[keyof SyncTables, Array<[string, ColumnKind]>]>) {
    const rel = { schema, identifier: table };
    if (await engine.getRelation(rel)) {
      await addSourceHash(engine, schema, table, f);
      continue;
    }
    const empty = engine.db
      .selectNoFrom(columns.map(([name, kind]) => sql`cast(null as ${sql.raw(f.types[kind])})`.as(name)))
      // a literal, not a parameter: the statement runs as text through the engine's table creation
      .limit(sql.lit(0))
      .compile().sql;
    await engine.createTableAs(rel, empty, { config: f.stateTableConfig });
  }
}

/** Tables made before source_hash existed get it (their ids simply match nothing and are resent once). */
async function addSourceHash(engine: Engine, schema: string, table: keyof SyncTables, f: SyncSql): Promise<void> {
  if (table === 'keel_sync_runs') return;
  // the catalog, not a query: on Athena every query costs time and a minimum charge
  const columns = await engine.getColumns({ schema, identifier: table });
  if (columns.some((c) => c.name.toLowerCase() === 'source_hash')) return;
  await (engine.db as Kysely<SyncTables>).schema.withSchema(schema).alterTable(table).addColumn('source_hash', sql.raw(f.types.fingerprint)).execute();
}
