import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sql, type Kysely } from 'kysely';
import type { Relation } from '../../core/relation.js';
import { DEFAULT_RETRY } from '../../core/retry.js';
import { DEFAULT_UPLOAD, S3Uploader } from '../aws-s3-uploader.js';
import { CsvLoadError, type CsvSource } from '../csv-load.js';
import type { BuildStepOptions, ColumnInfo, QueryResult } from '../engine.js';
import type { RedshiftEngineConfig } from './config.js';
import type { RedshiftDialect } from './dialect.js';

interface RedshiftLoadTarget {
  readonly db: Kysely<any>;
  readonly dialect: RedshiftDialect;
  readonly config: RedshiftEngineConfig;
  execute(sql: string, opts?: BuildStepOptions): Promise<QueryResult>;
  transaction(statements: string[], opts?: BuildStepOptions): Promise<QueryResult[]>;
}

type Staging = NonNullable<RedshiftEngineConfig['staging']>;

const UPLOAD_TIMEOUT_MS = 300_000;

/**
 * Creates `rel` with keel's column types and fills it with COPY from a gzipped copy of the CSV
 * staged in S3: Redshift's loader checks every row against those types, and one refused row fails
 * the whole COPY (create and COPY are one transaction, so nothing is left behind). The file is
 * compressed and uploaded as a stream; the staged object is deleted whatever the outcome.
 */
export async function loadCsvRedshift(
  engine: RedshiftLoadTarget,
  rel: Relation,
  source: CsvSource,
  columns: ColumnInfo[],
  opts: BuildStepOptions = {},
): Promise<QueryResult> {
  const staging = engine.config.staging!;
  const key = `${staging.prefix}keel-seeds/${rel.identifier}-${randomUUID()}/data.csv.gz`;
  const location = `s3://${staging.bucket}/${key}`;
  const client = stagingClient(engine.config, staging);
  const dir = await mkdtemp(join(tmpdir(), 'keel-seed-'));
  try {
    const gz = join(dir, 'data.csv.gz');
    await pipeline(createReadStream(source.path), createGzip(), createWriteStream(gz));
    const uploader = new S3Uploader(client, {
      bucket: staging.bucket,
      retry: DEFAULT_RETRY,
      ...DEFAULT_UPLOAD,
      timeoutMs: UPLOAD_TIMEOUT_MS,
      onRetry: opts.log,
    });
    await uploader.upload({ key, kind: 'data', localPath: gz });
    try {
      let create = engine.db.schema.withSchema(rel.schema).createTable(rel.identifier);
      for (const c of columns) create = create.addColumn(c.name, sql.raw(c.type));
      const createSql = create.compile().sql;
      const copySql = copyStatement(engine, rel, columns, source, location, staging.iamRole);
      opts.log?.(createSql);
      opts.log?.(copySql.replace(staging.iamRole, '<iam_role>'));
      let results: QueryResult[];
      try {
        results = await engine.transaction([createSql, copySql], opts);
      } catch (e) {
        throw await loadError(engine, e, location, opts);
      }
      return { columns: [], rows: [], rowsAffected: results.at(-1)?.rowsAffected ?? 0 };
    } finally {
      await client
        .send(new DeleteObjectCommand({ Bucket: staging.bucket, Key: key }))
        .catch((e: Error) => opts.log?.(`deleting ${location} failed: ${e.message}`));
    }
  } finally {
    client.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

function copyStatement(engine: RedshiftLoadTarget, rel: Relation, columns: ColumnInfo[], source: CsvSource, location: string, iamRole: string): string {
  const table = sql.id(rel.schema, rel.identifier);
  const cols = sql.join(columns.map((c) => sql.id(c.name)));
  // EMPTYASNULL: an empty field is NULL in every column, as keel's other seed loaders read it
  return sql`copy ${table} (${cols}) from ${sql.lit(location)} iam_role ${sql.lit(iamRole)} format as csv ${sql.raw(source.header ? 'ignoreheader 1 ' : '')}gzip delimiter ${sql.lit(source.delimiter)} emptyasnull timeformat 'auto' dateformat 'auto'`.compile(
    engine.db,
  ).sql;
}

/** A COPY refused a row: its line and reason, read from SYS_LOAD_ERROR_DETAIL, as a CsvLoadError. */
async function loadError(engine: RedshiftLoadTarget, e: unknown, location: string, opts: BuildStepOptions): Promise<unknown> {
  const message = e instanceof Error ? e.message : String(e);
  if (!/Load into table '[^']*' failed/i.test(message)) return e;
  const q =
    sql`select line_number, column_name, column_type, raw_field_value, error_message from sys_load_error_detail where file_name = ${location} order by start_time desc limit 1`.compile(
      engine.db,
    );
  const detail = (await engine.execute(inline(engine, q.sql, q.parameters), opts).catch(() => null))?.rows[0];
  if (!detail) return e;
  const line = Number(detail.line_number);
  const column = String(detail.column_name ?? '').trim();
  const reason = String(detail.error_message ?? '').trim();
  const value = String(detail.raw_field_value ?? '').trim();
  if (/delimiter not found|extra column/i.test(reason)) return new CsvLoadError(`row's fields do not match the columns (${reason})`, 'field-count', line);
  return new CsvLoadError(
    `column ${column}: '${value}' is not a valid ${String(detail.column_type ?? '').trim()} (${reason})`,
    'type',
    line,
    column || undefined,
  );
}

/** The Data API takes no bind parameters here: the one value is a literal. */
function inline(engine: RedshiftLoadTarget, text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => engine.dialect.literal(String(parameters[Number(n) - 1])));
}

function stagingClient(config: RedshiftEngineConfig, staging: Staging): S3Client {
  return new S3Client({
    region: config.region,
    maxAttempts: 1,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(staging.s3Endpoint ? { endpoint: staging.s3Endpoint, forcePathStyle: true } : {}),
  });
}
