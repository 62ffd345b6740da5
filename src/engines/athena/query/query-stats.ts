import type { QueryExecution } from '@aws-sdk/client-athena';
import type { QueryStats } from '../../engine.js';

const MB = 1024 * 1024;
/** Athena bills at least 10 MB per query, rounded up to whole megabytes. */
export const MIN_BILLED_BYTES = 10 * MB;
const TB = 1024 ** 4;

/**
 * What one finished query scanned and cost. DDL (CREATE DATABASE, DROP, CREATE VIEW) is free;
 * DML, which includes CTAS, INSERT and MERGE, is billed on bytes scanned. Failed queries are free.
 */
export function queryStats(execution: QueryExecution, pricePerTbUsd: number): QueryStats {
  const bytes = execution.Statistics?.DataScannedInBytes ?? 0;
  const billable = execution.Status?.State !== 'FAILED' && execution.StatementType === 'DML';
  const billed = billable ? Math.max(MIN_BILLED_BYTES, Math.ceil(bytes / MB) * MB) : 0;
  return {
    bytesScanned: bytes,
    engineMs: execution.Statistics?.EngineExecutionTimeInMillis ?? 0,
    costUsd: (billed / TB) * pricePerTbUsd,
  };
}
