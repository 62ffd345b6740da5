import { KeelError } from '../../../core/errors.js';
import type { Relation } from '../../../core/relation.js';
import type { QueryResult } from '../../engine.js';
import { liveIdentifier, newDataLocation } from '../data-location.js';
import { AthenaQueryError } from '../query/athena-query-error.js';
import { isPartitioned, partitionKeyExpressions, tableLayout, type TableLayout } from '../table-layout.js';
import { sumResults, type AthenaOps, type StepOptions } from './athena-ops.js';
import { sweepTableFolder } from './sweep-table-folder.js';

/** Athena writes at most 100 partitions (or buckets) per CTAS or INSERT. */
export const MAX_PARTITIONS_PER_WRITE = 100;
const TOO_MANY_PARTITIONS = /TOO_MANY_OPEN_PARTITIONS/;

/**
 * CTAS into a fresh location. A retryable failure is retried into another fresh location (a CTAS
 * refuses a folder that holds files, and a failed one may have left some); a table with more
 * than 100 partitions is written in batches of 100 partitions: CTAS, then INSERTs.
 */
export async function createTableAs(ops: AthenaOps, rel: Relation, selectSql: string, opts: StepOptions): Promise<QueryResult> {
  const layout = tableLayout(opts.config ?? {}, ops.settings.tableType);
  try {
    return await ctas(ops, rel, selectSql, layout, opts);
  } catch (e) {
    if (!(e instanceof AthenaQueryError) || !TOO_MANY_PARTITIONS.test(e.message) || !isPartitioned(layout)) throw e;
    opts.log?.(`-- more than ${MAX_PARTITIONS_PER_WRITE} partitions: writing ${rel.identifier} in batches`);
    await discardFailedWrite(ops, rel, opts);
    return createInBatches(ops, rel, selectSql, layout, opts);
  }
}

function ctas(ops: AthenaOps, rel: Relation, selectSql: string, layout: TableLayout, opts: StepOptions): Promise<QueryResult> {
  return ops.run(() => ops.dialect.createTableAsAt(rel, selectSql, layout, newDataLocation(ops.settings.dataDir, rel)), {
    ...opts,
    beforeRetry: () => discardFailedWrite(ops, rel, opts),
  });
}

/** A failed CTAS registers no table, but may have written files that no table will ever read. */
async function discardFailedWrite(ops: AthenaOps, rel: Relation, opts: StepOptions): Promise<void> {
  await sweepTableFolder(ops, { ...rel, identifier: liveIdentifier(rel.identifier) }, opts);
}

/**
 * Numbers the partitions with dense_rank over the partition keys and writes ranks 1-100 by CTAS,
 * each following hundred by INSERT. Partition transforms keel cannot evaluate (bucket, truncate)
 * do not take part in the split.
 */
async function createInBatches(ops: AthenaOps, rel: Relation, selectSql: string, layout: TableLayout, opts: StepOptions): Promise<QueryResult> {
  const q = (s: string) => ops.dialect.quoteIdentifier(s);
  const keys = partitionKeyExpressions(layout, q).filter((k): k is string => k !== null);
  if (!keys.length)
    throw new KeelError(`${rel.identifier} has more than ${MAX_PARTITIONS_PER_WRITE} partitions and keel cannot split bucket or truncate partitions`, {
      hint: 'Add a partition keel can split by (a column, or year/month/day/hour).',
    });
  const source = `(${selectSql}) AS ${q('__keel_source')}`;
  const probe = await ops.run(`SELECT * FROM ${source} LIMIT 0`, opts);
  const columns = probe.columns.map((c) => q(c.name)).join(', ');
  const counted = await ops.run(`SELECT count(*) AS ${q('n')} FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${source}) AS ${q('__keel_keys')}`, opts);
  const partitions = Number(counted.rows[0]?.n ?? 0);
  const rank = q('__keel_partition_rank');
  const ranked = `(SELECT ${columns}, dense_rank() OVER (ORDER BY ${keys.join(', ')}) AS ${rank} FROM ${source}) AS ${q('__keel_ranked')}`;
  const batch = (i: number) =>
    `SELECT ${columns} FROM ${ranked} WHERE ${rank} BETWEEN ${i * MAX_PARTITIONS_PER_WRITE + 1} AND ${(i + 1) * MAX_PARTITIONS_PER_WRITE}`;
  const results = [probe, counted, await ctas(ops, rel, batch(0), layout, opts)];
  for (let i = 1; i * MAX_PARTITIONS_PER_WRITE < partitions; i++) {
    results.push(await ops.run(ops.dialect.insertInto(rel, batch(i)), { ...opts, retryFailed: retriesAreSafe(layout) }));
  }
  const total = sumResults(results);
  return { ...total, rowsAffected: sumResults(results.slice(2)).rowsAffected };
}

/**
 * An Iceberg INSERT commits all or nothing, so a retry cannot duplicate rows. A failed Hive
 * INSERT may have left files in the table's folders, which a retry would add to: it is not retried.
 */
export function retriesAreSafe(layout: Pick<TableLayout, 'tableType'>): boolean {
  return layout.tableType === 'iceberg';
}
