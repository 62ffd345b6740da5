import { isAbsolute, join } from 'node:path';
import { KeelError } from '../core/errors.js';
import type { TargetConfig } from '../project/schema.js';
import type { Dialect } from './dialect.js';
import type { Engine } from './engine.js';
import { DuckDBDialect, DuckDBEngine } from './duckdb/index.js';

/** The dialect alone, for compiling without connecting. */
export function dialectFor(target: TargetConfig): Dialect {
  switch (target.type) {
    case 'duckdb':
      return new DuckDBDialect();
    default:
      throw new KeelError(`target type '${target.type}' is not available yet in this version of keel`);
  }
}

export function createEngine(target: TargetConfig, projectRoot: string, threads: number): Engine {
  switch (target.type) {
    case 'duckdb': {
      const path = target.path === ':memory:' || isAbsolute(target.path) ? target.path : join(projectRoot, target.path);
      return new DuckDBEngine({ path, schema: target.schema, threads });
    }
    default:
      throw new KeelError(`target type '${target.type}' is not available yet in this version of keel`);
  }
}
