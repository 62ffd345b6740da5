import { isAbsolute, join } from 'node:path';
import type { Connector } from '../connector.js';
import { DuckDBEngine } from './engine.js';
import { duckdbDatabaseFile } from './target-files.js';

export const connect: Connector = (target, projectRoot, opts) => {
  if (target.type !== 'duckdb') throw new Error(`not a duckdb target: ${target.type}`);
  const temp = target.temp_directory;
  return new DuckDBEngine({
    path: duckdbDatabaseFile(target, projectRoot) ?? ':memory:',
    schema: target.schema,
    threads: opts.threads,
    memoryLimit: target.memory_limit,
    tempDirectory: temp === undefined || isAbsolute(temp) ? temp : join(projectRoot, temp),
  });
};
