import { ident, type Duck } from '../../lake/duck.js';
import { QueryFailure } from '../aws-error.js';

/** Athena opens one writer per partition (and bucket) a query writes, and refuses more than this. */
export const MAX_OPEN_WRITERS = 100;

/** DuckDB expressions for an Iceberg table's partition transforms (Trino's syntax: `day(ts)`, `bucket(id, 16)`). */
export function icebergWriterKeys(partitioning: string[]): string[] {
  return partitioning.map((spec) => {
    const m = /^\s*(\w+)\s*\(\s*"?(\w+)"?\s*(?:,\s*(\d+)\s*)?\)\s*$/.exec(spec);
    if (!m) return ident(spec.trim().replace(/^"|"$/g, ''));
    const [, fn, col, n] = m;
    const c = ident(col!);
    switch (fn!.toLowerCase()) {
      case 'year':
        return `year(${c})`;
      case 'month':
      case 'day':
      case 'hour':
        return `date_trunc('${fn!.toLowerCase()}', ${c})`;
      case 'bucket':
        return `hash(${c}) % ${n}`;
      case 'truncate':
        return `left(CAST(${c} AS VARCHAR), ${n})`;
      default:
        throw new QueryFailure(`INVALID_TABLE_PROPERTY: Unknown partition transform: ${spec}`);
    }
  });
}

export function hiveWriterKeys(partitionedBy: string[], bucketedBy: string[], bucketCount: number | undefined): string[] {
  const keys = partitionedBy.map(ident);
  if (bucketedBy.length && bucketCount) keys.push(`hash(${bucketedBy.map(ident).join(', ')}) % ${bucketCount}`);
  return keys;
}

/** Fails the query as Athena does when it would write more than 100 partitions or buckets. */
export async function checkOpenWriters(duck: Duck, table: string, keys: string[], iceberg: boolean, where = ''): Promise<void> {
  if (!keys.length) return;
  const r = await duck.read(`SELECT count(*) FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${table}${where ? ` WHERE ${where}` : ''})`);
  const writers = Number(r.getRows()[0]![0]);
  if (writers > MAX_OPEN_WRITERS) {
    const code = iceberg ? 'ICEBERG_TOO_MANY_OPEN_PARTITIONS' : 'HIVE_TOO_MANY_OPEN_PARTITIONS';
    throw new QueryFailure(`${code}: Exceeded limit of ${MAX_OPEN_WRITERS} open writers for partitions/buckets (this query writes ${writers})`, 2, 1000);
  }
}
