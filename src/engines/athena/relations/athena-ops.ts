import type { BuildStepOptions, QueryResult } from '../../engine.js';
import type { DataStorage } from '../catalog/data-storage.js';
import type { GlueCatalog } from '../catalog/glue-catalog.js';
import type { AthenaDialect } from '../dialect.js';
import type { RunOptions } from '../query/query-runner.js';
import type { AthenaSettings } from '../settings.js';

export type StepOptions = BuildStepOptions & Pick<RunOptions, 'beforeRetry' | 'retryFailed'>;

/** What the build steps work with: SQL through Athena, metadata through Glue, data through S3. */
export interface AthenaOps {
  settings: AthenaSettings;
  dialect: AthenaDialect;
  glue: GlueCatalog;
  storage: DataStorage;
  /** runs and logs a statement; `sql` may depend on the attempt (see AthenaQueryRunner.run) */
  run(sql: string | ((attempt: number) => string), opts: StepOptions): Promise<QueryResult>;
}

export function sumResults(results: QueryResult[]): QueryResult {
  const sum = (pick: (r: QueryResult) => number | undefined) =>
    results.reduce<number | undefined>((acc, r) => (pick(r) === undefined ? acc : (acc ?? 0) + pick(r)!), undefined);
  return {
    columns: [],
    rows: [],
    rowsAffected: sum((r) => r.rowsAffected),
    stats: { bytesScanned: sum((r) => r.stats?.bytesScanned) ?? 0, engineMs: sum((r) => r.stats?.engineMs) ?? 0, costUsd: sum((r) => r.stats?.costUsd) ?? 0 },
  };
}
