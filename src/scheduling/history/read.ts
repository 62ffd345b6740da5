import type { Engine } from '../../engines/engine.js';
import { RUNS_TABLE } from './tables.js';

export interface RunRow {
  invocation_id: string;
  command: string;
  target: string;
  selection: string;
  exclusion: string;
  status: string;
  started_at: Date | string;
  finished_at: Date | string;
  elapsed_seconds: number;
  nodes_total: number;
  nodes_ok: number;
  nodes_warn: number;
  nodes_error: number;
  nodes_skipped: number;
  nodes_cancelled: number;
  retry_of: string | null;
  host: string;
}

/** The last `limit` invocations, newest first; undefined when no run was recorded yet. */
export async function readRuns(engine: Engine, schema: string, limit: number): Promise<RunRow[] | undefined> {
  if (!(await engine.getRelation({ schema, identifier: RUNS_TABLE }))) return undefined;
  const rows = await engine.db
    .withSchema(schema)
    .selectFrom(RUNS_TABLE)
    .select([
      'invocation_id',
      'command',
      'target',
      'selection',
      'exclusion',
      'status',
      'started_at',
      'finished_at',
      'elapsed_seconds',
      'nodes_total',
      'nodes_ok',
      'nodes_warn',
      'nodes_error',
      'nodes_skipped',
      'nodes_cancelled',
      'retry_of',
      'host',
    ])
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
  return rows as RunRow[];
}
