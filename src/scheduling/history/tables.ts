import { sql } from 'kysely';
import type { Relation } from '../../core/relation.js';
import type { LogicalType } from '../../engines/statement-sql.js';
import type { Engine } from '../../engines/engine.js';
import type { Project } from '../../project/project.js';

export const RUNS_TABLE = 'keel_runs';
export const RUN_NODES_TABLE = 'keel_run_nodes';

/** project.yml `run-history:`; the tables live in the target, beside what they describe. */
export interface HistoryConfig {
  enabled: boolean;
  schema: string;
}

export function historyConfig(project: Project): HistoryConfig {
  const raw = project.file['run-history'];
  return { enabled: raw?.enabled ?? true, schema: raw?.schema ?? 'keel_meta' };
}

/** One row per invocation; counts per status so a morning reader needs no join for the summary. */
export const RUNS_COLUMNS: Array<[string, LogicalType]> = [
  ['invocation_id', 'string'],
  ['command', 'string'],
  ['target', 'string'],
  ['selection', 'string'],
  ['exclusion', 'string'],
  ['status', 'string'],
  ['started_at', 'timestamp'],
  ['finished_at', 'timestamp'],
  ['elapsed_seconds', 'double'],
  ['nodes_total', 'integer'],
  ['nodes_ok', 'integer'],
  ['nodes_warn', 'integer'],
  ['nodes_error', 'integer'],
  ['nodes_skipped', 'integer'],
  ['nodes_cancelled', 'integer'],
  ['retry_of', 'string'],
  ['host', 'string'],
  ['args', 'string'],
];

/** One row per node of an invocation, as in run_results.json. */
export const RUN_NODES_COLUMNS: Array<[string, LogicalType]> = [
  ['invocation_id', 'string'],
  ['unique_id', 'string'],
  ['name', 'string'],
  ['resource_type', 'string'],
  ['status', 'string'],
  ['message', 'string'],
  ['rows_affected', 'bigint'],
  ['failures', 'bigint'],
  ['started_at', 'timestamp'],
  ['completed_at', 'timestamp'],
  ['execution_seconds', 'double'],
  ['bytes_scanned', 'bigint'],
  ['cost_usd', 'double'],
];

/**
 * Creates the history tables when missing. They are created as `CREATE TABLE AS` an empty typed
 * select, through the engine's own table creation, so the same code works where plain CREATE
 * TABLE needs engine specifics (Athena's table format and location).
 */
export async function ensureHistoryTables(engine: Engine, schema: string): Promise<void> {
  await engine.ensureSchema(schema);
  for (const [identifier, columns] of [
    [RUNS_TABLE, RUNS_COLUMNS],
    [RUN_NODES_TABLE, RUN_NODES_COLUMNS],
  ] as const) {
    const rel: Relation = { schema, identifier };
    if (await engine.getRelation(rel)) continue;
    const empty = engine.db
      .selectNoFrom(columns.map(([name, type]) => sql`cast(null as ${sql.raw(engine.dialect.type(type))})`.as(name)))
      // a literal, not a parameter: the statement runs as text through the engine's table creation
      .limit(sql.lit(0))
      .compile().sql;
    await engine.createTableAs(rel, empty);
  }
}
