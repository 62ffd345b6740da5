import { partitionPath } from '../../lake/data-store.js';
import { hiveType, type DuckColumn } from '../../lake/types.js';
import type { PropertyValue, Statement } from '../../sql/statements.js';
import { trinoToDuckDB } from '../../sql/trino-to-duckdb.js';
import { QueryFailure } from '../aws-error.js';
import { requireDatabase, resolveName, type StatementContext, type StatementOutcome } from './statement-context.js';
import { checkOpenWriters, hiveWriterKeys, icebergWriterKeys } from './writers.js';

type Ctas = Extract<Statement, { kind: 'ctas' }>;

const HIVE_FORMATS = ['PARQUET', 'ORC', 'AVRO', 'JSON', 'TEXTFILE'];
const ICEBERG_FORMATS = ['PARQUET', 'ORC', 'AVRO'];
const folder = (uri: string) => (uri.endsWith('/') ? uri : `${uri}/`);

const list = (v: PropertyValue | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [String(v)]);

/**
 * CREATE TABLE AS SELECT with Athena's table properties: checked as Athena checks them, then
 * recorded in the catalog (location, format, partitions) and stripped before DuckDB runs the query.
 */
export async function runCtas(stmt: Ctas, ctx: StatementContext): Promise<StatementOutcome> {
  const { lake } = ctx;
  const target = resolveName(stmt.target, ctx);
  requireDatabase(ctx, target);
  const p = stmt.properties;
  const tableType = String(p.table_type ?? 'HIVE').toUpperCase();
  const iceberg = tableType === 'ICEBERG';
  if (!['HIVE', 'ICEBERG'].includes(tableType)) throw new QueryFailure(`INVALID_TABLE_PROPERTY: Unsupported table_type: ${tableType}`);
  const format = String(p.format ?? 'PARQUET').toUpperCase();
  if (!(iceberg ? ICEBERG_FORMATS : HIVE_FORMATS).includes(format))
    throw new QueryFailure(`INVALID_TABLE_PROPERTY: format '${format}' is not supported for ${tableType} tables`);
  const partitionedBy = list(p.partitioned_by);
  const bucketedBy = list(p.bucketed_by);
  const partitioning = list(p.partitioning);
  const bucketCount = p.bucket_count === undefined ? undefined : Number(p.bucket_count);
  if (iceberg) {
    if (p.is_external !== false) throw new QueryFailure('INVALID_TABLE_PROPERTY: Iceberg tables are not external: set is_external = false');
    if (partitionedBy.length || bucketedBy.length || p.external_location !== undefined)
      throw new QueryFailure(
        'INVALID_TABLE_PROPERTY: partitioned_by, bucketed_by and external_location are Hive table properties; Iceberg takes partitioning and location',
      );
  } else {
    if (partitioning.length || p.location !== undefined)
      throw new QueryFailure('INVALID_TABLE_PROPERTY: partitioning and location are Iceberg table properties; Hive takes partitioned_by and external_location');
    if (bucketedBy.length && !bucketCount) throw new QueryFailure('INVALID_TABLE_PROPERTY: bucketed_by requires bucket_count');
  }
  if (lake.glue.getTable(target.db, target.name))
    throw new QueryFailure(`TABLE_ALREADY_EXISTS: line 1:1: Destination table '${target.display}' already exists`);
  const location = folder(String((iceberg ? p.location : p.external_location) ?? `${ctx.outputLocation}tables/${ctx.queryId}/`));
  if (await lake.data.hasObjectsUnder(location)) {
    throw new QueryFailure(
      `HIVE_PATH_ALREADY_EXISTS: Target directory for table '${target.db}.${target.name}' already exists: ${location}. You may need to manually clean the data at location '${location}' before retrying. Athena will not delete data in your account.`,
      2,
      1000,
    );
  }

  const select = trinoToDuckDB(stmt.select);
  const duckSelect = stmt.withNoData ? `SELECT * FROM (${select}) LIMIT 0` : select;
  const columns = await describe(ctx, duckSelect);
  checkPartitionColumns(columns, partitionedBy, bucketedBy);

  const root = await lake.data.create(location, iceberg ? 'iceberg' : 'hive', partitionedBy, duckSelect);
  root.writerKeys = iceberg ? icebergWriterKeys(partitioning) : hiveWriterKeys(partitionedBy, bucketedBy, bucketCount);
  // the files are written before the writer limit strikes: a failed CTAS leaves them behind
  await checkOpenWriters(lake.duck, root.table, root.writerKeys, iceberg);
  if (ctx.failAfterWrite) throw ctx.failAfterWrite;

  const isPartition = new Set(partitionedBy.map((c) => c.toLowerCase()));
  const glueColumns = (cols: DuckColumn[]) => cols.map((c) => ({ Name: c.name.toLowerCase(), Type: hiveType(c.type) }));
  const storage = {
    Columns: glueColumns(columns.filter((c) => !isPartition.has(c.name.toLowerCase()))),
    Location: location,
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    ...(bucketedBy.length ? { BucketColumns: bucketedBy, NumberOfBuckets: bucketCount } : {}),
  };
  lake.glue.createTable(target.db, {
    Name: target.name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: iceberg
      ? { table_type: 'ICEBERG', metadata_location: `${location}metadata/00001-${root.id}.metadata.json`, format: format.toLowerCase() }
      : { EXTERNAL: 'TRUE', classification: format.toLowerCase() },
    StorageDescriptor: storage,
    PartitionKeys: glueColumns(partitionedBy.map((k) => columns.find((c) => c.name.toLowerCase() === k.toLowerCase())!)),
  });
  for (const values of await lake.data.partitionValues(root)) {
    lake.glue.createPartition(target.db, target.name, {
      Values: values,
      StorageDescriptor: { ...storage, Location: `${location}${partitionPath(partitionedBy, values)}` },
    });
  }
  return { statementType: 'DML', substatementType: 'CREATE_TABLE_AS_SELECT', updateCount: await lake.data.rowCount(root), dataScannedBytes: 0 };
}

async function describe(ctx: StatementContext, duckSelect: string): Promise<DuckColumn[]> {
  const r = await ctx.lake.duck.read(`DESCRIBE ${duckSelect}`);
  return r.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
}

/** Athena writes a Hive table's partition columns last, in the order of partitioned_by. */
function checkPartitionColumns(columns: DuckColumn[], partitionedBy: string[], bucketedBy: string[]): void {
  const names = columns.map((c) => c.name.toLowerCase());
  const tail = names.slice(names.length - partitionedBy.length);
  if (partitionedBy.length && JSON.stringify(tail) !== JSON.stringify(partitionedBy.map((c) => c.toLowerCase()))) {
    throw new QueryFailure(
      `HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns in the table and in the same order as the table properties: [${partitionedBy.join(', ')}]`,
    );
  }
  for (const c of bucketedBy)
    if (!names.includes(c.toLowerCase())) throw new QueryFailure(`INVALID_TABLE_PROPERTY: Bucketing column '${c}' not present in schema`);
}
