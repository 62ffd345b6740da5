import { isAbsolute, join } from 'node:path';
import { KeelError } from '../core/errors.js';
import type { TargetConfig } from '../project/schema.js';
import type { Engine } from './engine.js';
import { athenaSyncSql } from './athena/sync-sql.js';
import { duckdbSyncSql } from './duckdb/sync-sql.js';
import { redshiftSyncSql } from './redshift/sync-sql.js';
import type { SyncSql } from './sync-sql.js';

/** What `keel sync` spells differently on this target; Kysely expressions only, no driver. */
export function syncSqlFor(target: Pick<TargetConfig, 'type'>): SyncSql {
  switch (target.type) {
    case 'duckdb':
      return duckdbSyncSql;
    case 'athena':
      return athenaSyncSql;
    case 'redshift':
      return redshiftSyncSql;
  }
}

export interface EngineOptions {
  /** the run's invocation id: Athena derives its ClientRequestTokens from it */
  invocationId?: string;
}

/** Drivers (DuckDB's native binding, AWS SDKs) load only when a command connects. */
export async function createEngine(target: TargetConfig, projectRoot: string, threads: number, opts: EngineOptions = {}): Promise<Engine> {
  switch (target.type) {
    case 'duckdb': {
      const { DuckDBEngine } = await import('./duckdb/index.js');
      const path = target.path === ':memory:' || isAbsolute(target.path) ? target.path : join(projectRoot, target.path);
      const temp = target.temp_directory;
      const tempDirectory = temp === undefined || isAbsolute(temp) ? temp : join(projectRoot, temp);
      return new DuckDBEngine({ path, schema: target.schema, threads, memoryLimit: target.memory_limit, tempDirectory });
    }
    case 'athena': {
      const { AthenaEngine, athenaSettings } = await import('./athena/index.js');
      return new AthenaEngine(athenaSettings(target, threads), { invocationId: opts.invocationId });
    }
    case 'redshift': {
      const { RedshiftEngine, redshiftConfigFromTarget } = await import('./redshift/index.js');
      return new RedshiftEngine(redshiftConfigFromTarget(target, threads));
    }
    default:
      // every type is handled: this is for a target schema that grew a type before its engine
      throw new KeelError(`target type '${(target as TargetConfig).type}' is not available yet in this version of keel`);
  }
}
