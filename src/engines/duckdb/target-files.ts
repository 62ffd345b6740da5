import { isAbsolute, join } from 'node:path';
import type { TargetConfig } from '../../project/schema.js';

/** The database file of a DuckDB target, relative paths read from the project root; undefined in memory. */
export function duckdbDatabaseFile(target: TargetConfig, projectRoot: string): string | undefined {
  if (target.type !== 'duckdb' || target.path === ':memory:') return undefined;
  return isAbsolute(target.path) ? target.path : join(projectRoot, target.path);
}

/** The build lock beside the database file; an in-memory database is this process's alone. */
export function duckdbLockFile(target: TargetConfig, projectRoot: string): string | undefined {
  const db = duckdbDatabaseFile(target, projectRoot);
  return db === undefined ? undefined : `${db}.keel.lock`;
}
