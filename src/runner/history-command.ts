import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createEngine } from '../engines/registry.js';
import { loadProject, type LoadOptions } from '../project/load.js';
import { readRuns, type RunRow } from '../scheduling/history/read.js';
import { historyConfig } from '../scheduling/history/tables.js';

export interface HistoryResult {
  /** schema.table read */
  table: string;
  /** undefined: no run was recorded on this target yet */
  runs?: RunRow[];
}

/** `keel history`: the last runs recorded in the target, newest first. Takes no lock: it only reads. */
export async function history(opts: LoadOptions & { projectDir: string; limit: number }): Promise<HistoryResult> {
  const project = loadProject(opts.projectDir, opts);
  const { schema } = historyConfig(project);
  const table = `${schema}.keel_runs`;
  const t = project.target;
  // reading must not create an empty database file where no build ran yet
  if (t.type === 'duckdb' && t.path !== ':memory:' && !existsSync(isAbsolute(t.path) ? t.path : join(project.root, t.path))) return { table };
  const engine = await createEngine(project.target, project.root, 1);
  await engine.open();
  try {
    return { table, runs: await readRuns(engine, schema, opts.limit) };
  } finally {
    await engine.close();
  }
}
