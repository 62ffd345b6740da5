import { sql, type Kysely } from 'kysely';
import type { FileRow } from '../files/write-run-files.js';
import type { SyncSql } from '../sql/functions.js';
import type { SyncTables } from '../state/tables.js';

/** Rows fetched per round trip while streaming; DuckDB hands out 2048-row chunks regardless. */
const STREAM_CHUNK = 4096;

/**
 * The run's DATA lines, streamed: one row per (id type, userid) with the behaviors of every
 * segment of the run that adds it, sorted so files are deterministic. An id that opts out in the
 * same run is left out: consent wins over membership.
 */
export function dataLines(db: Kysely<SyncTables>, schema: string, f: SyncSql, runId: string): AsyncIterable<FileRow> {
  return db
    .withSchema(schema)
    .selectFrom('keel_sync_delta as d')
    .innerJoin('keel_sync_runs as r', (j) => j.onRef('r.run_id', '=', 'd.run_id').onRef('r.segment', '=', 'd.segment'))
    .select(['d.id_type', 'd.userid', f.sortedDistinctList(sql.ref('r.behavior_name')).as('segments')])
    .where('d.run_id', '=', runId)
    .where('d.change', '=', 'add')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('keel_sync_delta as o')
            .select(sql.lit(1).as('one'))
            .where('o.run_id', '=', runId)
            .where('o.change', '=', 'remove')
            .where('o.reason', '=', 'consent_withdrawn')
            .whereRef('o.id_type', '=', 'd.id_type')
            .whereRef('o.userid', '=', 'd.userid'),
        ),
      ),
    )
    .groupBy(['d.id_type', 'd.userid'])
    .orderBy('d.id_type')
    .orderBy('d.userid')
    .stream(STREAM_CHUNK) as AsyncIterable<FileRow>;
}

/** The run's OPTOUT lines: every id of every member who left because they withdrew consent. */
export function optoutLines(db: Kysely<SyncTables>, schema: string, runId: string): AsyncIterable<FileRow> {
  return db
    .withSchema(schema)
    .selectFrom('keel_sync_delta')
    .select(['id_type', 'userid'])
    .distinct()
    .where('run_id', '=', runId)
    .where('change', '=', 'remove')
    .where('reason', '=', 'consent_withdrawn')
    .where('userid', 'is not', null)
    .orderBy('id_type')
    .orderBy('userid')
    .stream(STREAM_CHUNK) as AsyncIterable<FileRow>;
}
