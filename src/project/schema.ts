import { z } from '../core/zod.js';
import { destinationsSchema, syncConfigSchema } from './sync-schema.js';

/** `!= 0`, `> 10`, `>=5`: the condition dbt's warn_if / error_if take. */
export const THRESHOLD = /^\s*(!=|<>|>=|<=|==|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;
const THRESHOLD_MESSAGE = "must be a comparison with a number, such as '> 10' or '!= 0'";

const threads = z.number().int().positive().max(64);

export const duckdbTargetSchema = z
  .object({
    type: z.literal('duckdb'),
    path: z.string().default('target/keel.duckdb'),
    schema: z.string().default('main'),
    threads: threads.optional(),
    /** DuckDB's memory_limit, e.g. '1GB' (default 1GB): beyond it, DuckDB spills to temp_directory */
    memory_limit: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "a size such as '512MB' or '2GB'")
      .optional(),
    /** where DuckDB spills, relative to the project (default: the database file's path + '.tmp') */
    temp_directory: z.string().min(1).optional(),
  })
  .strict();

export const athenaTargetSchema = z
  .object({
    type: z.literal('athena'),
    region: z.string(),
    workgroup: z.string().default('primary'),
    s3_staging_dir: z.string(),
    s3_data_dir: z.string().optional(),
    database: z.string().optional(),
    schema: z.string().default('default'),
    catalog: z.string().default('AwsDataCatalog'),
    table_type: z.enum(['iceberg', 'hive']).default('iceberg'),
    threads: threads.optional(),
    poll_interval_ms: z.number().int().positive().optional(),
    /** polling backs off from poll_interval_ms up to this (default 5000) */
    poll_max_interval_ms: z.number().int().positive().optional(),
    query_timeout_seconds: z.number().positive().optional(),
    price_per_tb_usd: z.number().nonnegative().optional(),
    /** retries of throttled or failed-but-retryable calls and queries (default 10) */
    max_retries: z.number().int().nonnegative().max(100).optional(),
    /** first backoff of a retry, doubled each time, with jitter (default 200) */
    retry_base_ms: z.number().int().positive().optional(),
    endpoint: z.string().optional(),
  })
  .strict();

export const redshiftTargetSchema = z
  .object({
    type: z.literal('redshift'),
    region: z.string(),
    cluster_identifier: z.string().optional(),
    db_user: z.string().optional(),
    workgroup_name: z.string().optional(),
    database: z.string(),
    secret_arn: z.string().optional(),
    schema: z.string().default('public'),
    threads: threads.optional(),
    /** Data API statements in flight at once (default: threads) */
    max_concurrent_statements: z.number().int().positive().max(500).optional(),
    poll_interval_ms: z.number().int().positive().optional(),
    query_timeout_seconds: z.number().positive().optional(),
    endpoint: z.string().optional(),
    /** s3://bucket/prefix/ where seeds are staged for COPY (with iam_role) */
    s3_staging_dir: z.string().optional(),
    /** the IAM role ARN Redshift assumes to read the staged seeds */
    iam_role: z.string().optional(),
    /** S3 endpoint override for the staging uploads (tests point it at the emulator) */
    s3_endpoint: z.string().optional(),
  })
  .strict();

export const targetSchema = z.discriminatedUnion('type', [duckdbTargetSchema, athenaTargetSchema, redshiftTargetSchema]);
export type TargetConfig = z.infer<typeof targetSchema>;

const pathList = z.array(z.string()).min(1);

export const projectFileSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a word: letters, digits and _'),
    version: z.union([z.string(), z.number()]).optional(),
    target: z.string().optional(),
    targets: z.record(z.string(), targetSchema).optional(),
    'model-paths': pathList.default(['models']),
    'seed-paths': pathList.default(['seeds']),
    'macro-paths': pathList.default(['macros']),
    'test-paths': pathList.default(['tests']),
    'target-path': z.string().default('target'),
    /** keel_runs / keel_run_nodes in the target: every invocation appended (keel history reads them) */
    'run-history': z.object({ enabled: z.boolean().optional(), schema: z.string().optional() }).strict().optional(),
    vars: z.record(z.string(), z.unknown()).default({}),
    models: z.record(z.string(), z.unknown()).default({}),
    seeds: z.record(z.string(), z.unknown()).default({}),
    tests: z.record(z.string(), z.unknown()).default({}),
    // where `keel sync` sends segments (credentials come from the environment only)
    destinations: destinationsSchema.optional(),
  })
  .strict();
export type ProjectFile = z.infer<typeof projectFileSchema>;

/** Configs that may be set by folder (`+key`), in YAML (`config:`) or in a model (`config(...)`). */
export const nodeConfigSchema = z
  .object({
    materialized: z.enum(['view', 'table', 'incremental', 'ephemeral', 'seed', 'journey', 'funnel', 'segment']),
    enabled: z.boolean(),
    schema: z.string(),
    database: z.string(),
    alias: z.string(),
    tags: z.union([z.string(), z.array(z.string())]),
    meta: z.record(z.string(), z.unknown()),
    owner: z.string(),
    unique_key: z.union([z.string(), z.array(z.string())]),
    incremental_strategy: z.enum(['append', 'merge', 'delete+insert', 'insert_overwrite']),
    incremental_predicates: z.array(z.string()),
    // keel fails an incremental build whose new rows have columns the table lacks, i.e. 'fail';
    // dbt's 'ignore' and 'append_new_columns' would be accepted and not done
    on_schema_change: z.literal('fail', { error: "keel supports only 'fail' (new columns fail the build; rebuild with --full-refresh)" }),
    full_refresh: z.boolean(),
    column_types: z.record(z.string(), z.string()),
    delimiter: z.string(),
    severity: z.enum(['warn', 'error', 'WARN', 'ERROR']).transform((s) => s.toLowerCase() as 'warn' | 'error'),
    where: z.string(),
    warn_if: z.string().regex(THRESHOLD, THRESHOLD_MESSAGE),
    error_if: z.string().regex(THRESHOLD, THRESHOLD_MESSAGE),
    limit: z.number().int(),
    // engine specific (Athena, Redshift)
    table_type: z.enum(['iceberg', 'hive']),
    format: z.string(),
    partitioned_by: z.array(z.string()),
    bucketed_by: z.array(z.string()),
    bucket_count: z.number().int().positive(),
    partitioning: z.array(z.string()),
    dist: z.string(),
    sort: z.union([z.string(), z.array(z.string())]),
    sort_type: z.enum(['compound', 'interleaved']),
    bind: z.boolean(),
    // analytics kinds: validated by their own schemas
    journey: z.record(z.string(), z.unknown()),
    funnel: z.record(z.string(), z.unknown()),
    segment: z.record(z.string(), z.unknown()),
    // activation
    sync: syncConfigSchema,
  })
  .partial()
  .strict();
export type NodeConfigInput = z.infer<typeof nodeConfigSchema>;

const testEntry = z.union([z.string(), z.record(z.string(), z.unknown())]);
const testList = z.array(testEntry);

const columnSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    data_type: z.string().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    // tests quote every column name, as quote: true asks; leaving a name unquoted is not done
    quote: z.literal(true, { error: 'not supported by keel: quote: false (tests quote every column name)' }).optional(),
    tags: z.array(z.string()).optional(),
    tests: testList.optional(),
    data_tests: testList.optional(),
  })
  .strict();
export type ColumnInput = z.infer<typeof columnSchema>;

const period = z.enum(['minute', 'hour', 'day']);
const freshnessSchema = z
  .object({
    warn_after: z.object({ count: z.number().int().positive(), period }).strict().optional(),
    error_after: z.object({ count: z.number().int().positive(), period }).strict().optional(),
    filter: z.string().optional(),
  })
  .strict()
  .nullable();

const resourceSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    columns: z.array(columnSchema).optional(),
    tests: testList.optional(),
    data_tests: testList.optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type ResourceInput = z.infer<typeof resourceSchema>;

const sourceTableSchema = z
  .object({
    name: z.string(),
    identifier: z.string().optional(),
    description: z.string().optional(),
    loaded_at_field: z.string().optional(),
    freshness: freshnessSchema.optional(),
    columns: z.array(columnSchema).optional(),
    tests: testList.optional(),
    data_tests: testList.optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

const sourceSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    database: z.string().optional(),
    schema: z.string().optional(),
    loaded_at_field: z.string().optional(),
    freshness: freshnessSchema.optional(),
    tags: z.array(z.string()).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
    tables: z.array(sourceTableSchema).min(1),
  })
  .strict();
export type SourceInput = z.infer<typeof sourceSchema>;

export const propertiesFileSchema = z
  .object({
    version: z.union([z.number(), z.string()]).optional(),
    models: z.array(resourceSchema).optional(),
    seeds: z.array(resourceSchema).optional(),
    sources: z.array(sourceSchema).optional(),
    macros: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict();
export type PropertiesFile = z.infer<typeof propertiesFileSchema>;
