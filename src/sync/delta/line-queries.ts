import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../engines/engine.js';
import { streamBatches } from '../sql/stream.js';
import type { FileRow } from '../files/write-run-files.js';
import type { SyncTables } from '../state/tables.js';

/**
 * The run's DATA lines, streamed: one per (id type, userid) with the behaviors of every segment of
 * the run that adds it. The warehouse only sorts (no per-id aggregation, which costs far more than
 * the sort for a million ids); consecutive rows of one id are merged here. An id that opts out in
 * the same run is left out: consent wins over membership.
 */
export async function* dataLines(engine: Engine, schema: string, runId: string): AsyncIterable<FileRow[]> {
  const db = engine.db as Kysely<SyncTables>;
  const query = db
    .withSchema(schema)
    .selectFrom('keel_sync_delta as d')
    .innerJoin('keel_sync_runs as r', (j) => j.onRef('r.run_id', '=', 'd.run_id').onRef('r.segment', '=', 'd.segment'))
    .select(['d.id_type', 'd.userid', 'r.behavior_name'])
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
    .orderBy('d.id_type')
    .orderBy('d.userid')
    .orderBy('r.behavior_name');
  let line: FileRow | null = null;
  for await (const batch of streamBatches(engine, query)) {
    const out: FileRow[] = [];
    for (const r of batch) {
      if (line && line.id_type === r.id_type && line.userid === r.userid) {
        if (line.segments!.at(-1) !== r.behavior_name) line.segments!.push(r.behavior_name);
        continue;
      }
      if (line) out.push(line);
      line = { id_type: r.id_type!, userid: r.userid!, segments: [r.behavior_name] };
    }
    // the last line of a batch may continue in the next one: it is held back until then
    if (out.length) yield out;
  }
  if (line) yield [line];
}

/** The run's OPTOUT lines: every id of every member who left because they withdrew consent. */
export function optoutLines(engine: Engine, schema: string, runId: string): AsyncIterable<FileRow[]> {
  const db = engine.db as Kysely<SyncTables>;
  const query = db
    .withSchema(schema)
    .selectFrom('keel_sync_delta')
    .select(['id_type', 'userid'])
    .distinct()
    .where('run_id', '=', runId)
    .where('change', '=', 'remove')
    .where('reason', '=', 'consent_withdrawn')
    .where('userid', 'is not', null)
    .orderBy('id_type')
    .orderBy('userid');
  return streamBatches(engine, query) as AsyncIterable<FileRow[]>;
}
