import type { TargetConfig } from '../../project/schema.js';

export type AthenaTarget = Extract<TargetConfig, { type: 'athena' }>;
export type TableType = 'iceberg' | 'hive';

/** The Athena target with every default applied: what the engine, dialect and query runner read. */
export interface AthenaSettings {
  region: string;
  workgroup: string;
  /** s3://bucket/prefix/ where Athena writes query results */
  stagingDir: string;
  /** s3://bucket/prefix/ under which keel writes table data: `<dataDir><schema>/<table>/<build id>/` */
  dataDir: string;
  /** the Glue database of models without a custom schema */
  schema: string;
  catalog: string;
  tableType: TableType;
  threads: number;
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  /** undefined: no per-query timeout */
  queryTimeoutMs?: number;
  pricePerTbUsd: number;
  /** retries of throttled or transient API calls, and of queries Athena marks retryable */
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  endpoint?: string;
}

/** Athena's list price in most regions; set price_per_tb_usd for others or for negotiated rates. */
export const DEFAULT_PRICE_PER_TB_USD = 5;

const withSlash = (uri: string) => (uri.endsWith('/') ? uri : `${uri}/`);

export function athenaSettings(target: AthenaTarget, threads?: number): AthenaSettings {
  const stagingDir = withSlash(target.s3_staging_dir);
  return {
    region: target.region,
    workgroup: target.workgroup,
    stagingDir,
    dataDir: withSlash(target.s3_data_dir ?? `${stagingDir}tables`),
    schema: target.schema,
    // dbt-athena calls the data catalog `database`; accept it under either name
    catalog: target.database ?? target.catalog,
    tableType: target.table_type,
    threads: threads ?? target.threads ?? 4,
    pollIntervalMs: target.poll_interval_ms ?? 250,
    pollMaxIntervalMs: target.poll_max_interval_ms ?? Math.max(5_000, target.poll_interval_ms ?? 0),
    queryTimeoutMs: target.query_timeout_seconds === undefined ? undefined : target.query_timeout_seconds * 1000,
    pricePerTbUsd: target.price_per_tb_usd ?? DEFAULT_PRICE_PER_TB_USD,
    maxRetries: target.max_retries ?? 10,
    retryBaseMs: target.retry_base_ms ?? 200,
    retryMaxMs: Math.max(20_000, target.retry_base_ms ?? 0),
    endpoint: target.endpoint,
  };
}
