import { existsSync } from 'node:fs';
import { KeelError } from '../core/errors.js';
import { createEngine, definitionOf } from '../engines/registry.js';
import { describeHolder } from '../scheduling/lock/lock-busy.js';
import { readLockFile } from '../scheduling/lock/lock-file.js';
import { loadProject, type LoadOptions } from '../project/load.js';
import { readRuns, type RunRow } from '../scheduling/history/read.js';
import { historyConfig } from '../scheduling/history/tables.js';
import { withUnfinishedRun } from './killed-run.js';

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
  const definition = definitionOf(project.target);
  const db = definition.databaseFile(project.target, project.root);
  // reading must not create an empty database file where no build ran yet
  if (db && !existsSync(db)) return { ...base, runs: withUnfinishedRun(undefined, project.targetPath, opts.limit) };
  const engine = await createEngine(project.target, project.root, 1);
  try {
    await engine.open();
  } catch (err) {
    // DuckDB lets no other process open a database a build has open, not even to read
    const lockFile = definition.lockFile(project.target, project.root);
    const holder = lockFile ? readLockFile(lockFile) : undefined;
    if (holder) throw new KeelError(`${db} is in use by ${describeHolder(holder)}; keel history can read it once that finishes`, { cause: err });
    throw err;
  }
  try {
    return { ...base, runs: withUnfinishedRun(await readRuns(engine, schema, opts.limit), project.targetPath, opts.limit) };
  } finally {
    await engine.close();
  }
}
