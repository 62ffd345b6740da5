import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { createEngine } from '../engines/registry.js';
import { loadProject, type LoadOptions } from '../project/load.js';
import { readRuns, type RunRow } from '../scheduling/history/read.js';
import { historyConfig } from '../scheduling/history/tables.js';

export interface HistoryResult {
  /** schema.table read */
  table: string;
  target: string;
  /** project.yml run-history: enabled */
  enabled: boolean;
  /** undefined: no run was recorded on this target yet */
  runs?: RunRow[];
}

/** `keel history`: the last runs recorded in the target, newest first. Takes no lock: it only reads. */
export async function history(opts: LoadOptions & { projectDir: string; limit: number }): Promise<HistoryResult> {
  const project = loadProject(opts.projectDir, opts);
  const { schema, enabled } = historyConfig(project);
  const base = { table: `${schema}.keel_runs`, target: project.targetName, enabled };
  if (!enabled) return base;
  const t = project.target;
  // reading must not create an empty database file where no build ran yet
  if (t.type === 'duckdb' && t.path !== ':memory:' && !existsSync(isAbsolute(t.path) ? t.path : join(project.root, t.path))) return base;
  const engine = await createEngine(project.target, project.root, 1);
  await engine.open();
  try {
    return { ...base, runs: await readRuns(engine, schema, opts.limit) };
  } finally {
    await engine.close();
  }
}
