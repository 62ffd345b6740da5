import { KeelError } from '../../core/errors.js';
import type { TableType } from './settings.js';

/** How a model's table is stored, from its config (`table_type`, `format`, `partitioned_by`, ...). */
export interface TableLayout {
  tableType: TableType;
  format: string;
  /** Hive: partition columns (the last columns of the SELECT, in this order) */
  partitionedBy: string[];
  bucketedBy: string[];
  bucketCount?: number;
  /** Iceberg: partition transforms, Trino's syntax: `col`, `day(col)`, `bucket(col, 16)`, ... */
  partitioning: string[];
}

const HIVE_FORMATS = ['parquet', 'orc', 'avro', 'json', 'textfile'];
const ICEBERG_FORMATS = ['parquet', 'orc', 'avro'];

const strings = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

export function tableLayout(config: Record<string, unknown>, defaultType: TableType): TableLayout {
  const tableType = (config.table_type as TableType | undefined) ?? defaultType;
  const format = String(config.format ?? 'parquet').toLowerCase();
  const partitionedBy = strings(config.partitioned_by);
  const partitioning = strings(config.partitioning);
  const bucketedBy = strings(config.bucketed_by);
  const bucketCount = config.bucket_count as number | undefined;
  if (tableType === 'iceberg') {
    if (!ICEBERG_FORMATS.includes(format))
      throw new KeelError(`format '${format}' is not available for Iceberg tables`, { hint: `Use one of ${ICEBERG_FORMATS.join(', ')}.` });
    if (bucketedBy.length)
      throw new KeelError('bucketed_by is for Hive tables', { hint: "On Iceberg, bucket with a partition transform: partitioning=['bucket(col, 16)']." });
    if (partitioning.length && partitionedBy.length) throw new KeelError('set either partitioning or partitioned_by on an Iceberg table, not both');
    // dbt-athena users write Iceberg transforms in partitioned_by: accept them there too
    return { tableType, format, partitionedBy: [], bucketedBy: [], partitioning: partitioning.length ? partitioning : partitionedBy };
  }
  if (!HIVE_FORMATS.includes(format))
    throw new KeelError(`format '${format}' is not available for Hive tables`, { hint: `Use one of ${HIVE_FORMATS.join(', ')}.` });
  if (partitioning.length)
    throw new KeelError('partitioning (transforms) is for Iceberg tables', { hint: "On Hive, partition by columns: partitioned_by=['col']." });
  const transform = partitionedBy.find((c) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c));
  if (transform)
    throw new KeelError(`Hive partitions are plain columns, not '${transform}'`, { hint: 'Compute the value as a column of the SELECT and partition by it.' });
  if (bucketedBy.length && !bucketCount) throw new KeelError('bucketed_by needs bucket_count');
  if (bucketCount && !bucketedBy.length) throw new KeelError('bucket_count needs bucketed_by');
  return { tableType, format, partitionedBy, bucketedBy, bucketCount, partitioning: [] };
}

export function isPartitioned(layout: TableLayout): boolean {
  return layout.partitionedBy.length > 0 || layout.partitioning.length > 0;
}

export interface PartitionTransform {
  column: string;
  /** identity, year, month, day, hour, bucket, truncate */
  kind: string;
  /** bucket count or truncate width */
  arg?: number;
}

export function parseTransform(spec: string): PartitionTransform {
  const s = spec.trim();
  const call = /^(\w+)\s*\(\s*("?)([^",)]+)\2\s*(?:,\s*(\d+)\s*)?\)$/.exec(s);
  if (!call) {
    if (!/^"?[A-Za-z_][A-Za-z0-9_]*"?$/.test(s)) throw new KeelError(`cannot read the partition transform '${spec}'`);
    return { column: s.replace(/"/g, ''), kind: 'identity' };
  }
  const kind = call[1]!.toLowerCase();
  if (!['year', 'month', 'day', 'hour', 'bucket', 'truncate'].includes(kind)) throw new KeelError(`unknown partition transform '${spec}'`);
  if ((kind === 'bucket' || kind === 'truncate') !== (call[4] !== undefined))
    throw new KeelError(`'${spec}': bucket and truncate take a column and a number, e.g. bucket(id, 16)`);
  return { column: call[3]!, kind, arg: call[4] === undefined ? undefined : Number(call[4]) };
}

/**
 * A SQL expression per partition key whose distinct values are the table's partitions, over
 * columns quoted by `quote` (optionally qualified by an alias). `null` for a bucket or truncate
 * transform: keel does not reproduce Iceberg's hash or width rules in SQL.
 */
export function partitionKeyExpressions(layout: TableLayout, quote: (column: string) => string): Array<string | null> {
  if (layout.tableType === 'hive') return layout.partitionedBy.map(quote);
  return layout.partitioning.map((spec) => {
    const t = parseTransform(spec);
    const col = quote(t.column);
    switch (t.kind) {
      case 'identity':
        return col;
      case 'year':
        return `date_trunc('year', ${col})`;
      case 'month':
        return `date_trunc('month', ${col})`;
      case 'day':
        return `date_trunc('day', ${col})`;
      case 'hour':
        return `date_trunc('hour', ${col})`;
      default:
        return null;
    }
  });
}

export { HIVE_FORMATS, ICEBERG_FORMATS };
