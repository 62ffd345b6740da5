import { notOptedOutInRun, runHasOptouts } from './not-opted-out.js';
import type { Kysely } from 'kysely';
import type { Engine } from '../../engines/engine.js';
import type { FileRow } from '../files/write-run-files.js';
import { streamBatches } from '../sql/stream.js';
import type { SyncTables } from '../state/tables.js';

const SENT = ['add', 'resend'] as const;

/** What the line queries need to know about a planned run, read once before streaming. */
export interface RunShape {
  /** behavior name per segment of the run */
  behaviors: Map<string, string>;
  /** id types that have DATA lines, sorted */
  idTypes: string[];
  /** whether any id opts out in this run */
  hasOptouts: boolean;
}

export async function runShape(db: Kysely<SyncTables>, schema: string, runId: string): Promise<RunShape> {
  const t = db.withSchema(schema);
  const segments = await t
    .selectFrom('keel_sync_runs')
    .select(['segment', 'behavior_name'])
    .where('run_id', '=', runId)
    .where('status', 'in', ['planned', 'uploaded'])
    .execute();
  const types = await t
    .selectFrom('keel_sync_delta')
    .select('id_type')
    .distinct()
    .where('run_id', '=', runId)
    .where('change', 'in', SENT)
    .orderBy('id_type')
    .execute();
  const hasOptouts = await runHasOptouts(t, runId);
  return { behaviors: new Map(segments.map((s) => [s.segment, s.behavior_name])), idTypes: types.map((r) => r.id_type!), hasOptouts };
}

/**
 * The run's DATA lines, streamed: one per (id type, userid) with the behaviors of every segment of
 * the run that adds it. The warehouse only sorts, one id type at a time (aggregating a list per id
 * costs far more than the sort for a million ids); consecutive rows of one id are merged here, and
 * a one-segment run reads the userid alone (each string column read costs as much as the sort). An
 * id that opts out in the same run is left out: consent wins over membership.
 */
export async function* dataLines(engine: Engine, schema: string, runId: string, shape: RunShape): AsyncIterable<FileRow[]> {
  const db = engine.db as Kysely<SyncTables>;
  const single = shape.behaviors.size === 1 ? [...shape.behaviors.values()] : null;
  for (const idType of shape.idTypes) {
    const base = db
      .withSchema(schema)
      .selectFrom('keel_sync_delta as d')
      .where('d.run_id', '=', runId)
      .where('d.change', 'in', SENT)
      .where('d.id_type', '=', idType)
      .$if(shape.hasOptouts, (q) => q.where(notOptedOutInRun(runId)));
    let line: FileRow | null = null;
    const query = single ? base.select('d.userid').orderBy('d.userid') : base.select(['d.userid', 'd.segment']).orderBy('d.userid').orderBy('d.segment');
    for await (const batch of streamBatches(engine, query)) {
      const out: FileRow[] = [];
      for (const r of batch as Array<{ userid: string; segment?: string }>) {
        if (line && line.userid === r.userid) {
          if (!single) addBehavior(line, shape.behaviors.get(r.segment!)!);
          continue;
        }
        if (line) out.push(line);
        line = { id_type: idType, userid: r.userid, segments: single ?? [shape.behaviors.get(r.segment!)!] };
      }
      // the last line of a batch may continue in the next one: it is held back until then
      if (out.length) yield out;
    }
    if (line) yield [line];
  }
}

/** Behaviors of a line stay sorted and distinct (two segments may share one behavior). */
function addBehavior(line: FileRow, behavior: string): void {
  const list = line.segments!;
  if (list.includes(behavior)) return;
  list.push(behavior);
  list.sort();
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
