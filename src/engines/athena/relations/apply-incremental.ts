import { KeelError } from '../../../core/errors.js';
import type { IncrementalStep, QueryResult } from '../../engine.js';
import { isIceberg, partitionKeyNames, type GlueTable } from '../catalog/glue-table.js';
import { isPartitioned, partitionKeyExpressions, tableLayout, type TableLayout } from '../table-layout.js';
import { sumResults, type AthenaOps, type StepOptions } from './athena-ops.js';
import { MAX_PARTITIONS_PER_WRITE, retriesAreSafe } from './create-table-as.js';
import { dropSideRelation } from './drop-side-relation.js';
import { overwriteHivePartitions } from './overwrite-hive-partitions.js';

/**
 * Applies staged rows to the live table, each strategy in one atomic step where Athena has one:
 * - append: one INSERT (Iceberg commits it atomically; on Hive, files appear as they are written),
 *   in batches of 100 partitions when more are touched;
 * - merge (Iceberg): one MERGE on unique_key, narrowed by incremental_predicates;
 * - delete+insert (Iceberg): one MERGE that deletes the rows with the staged keys and inserts the staged rows;
 * - insert_overwrite: Iceberg, one MERGE replacing the partitions the staged rows touch; Hive, the
 *   touched partitions of the live table are pointed at the staged table's files in Glue.
 * The staged table is dropped afterwards, and data nothing reads any more is deleted.
 */
export async function applyIncremental(ops: AthenaOps, step: IncrementalStep, opts: StepOptions): Promise<QueryResult> {
  const live = await ops.glue.getTable(step.target);
  if (!live) throw new KeelError(`${step.target.schema}.${step.target.identifier} is not in the Glue catalog`);
  const layout = liveLayout(live, step.config, ops.settings.tableType);
  const results: QueryResult[] = [];
  try {
    switch (step.strategy) {
      case 'append':
        results.push(...(await insertStaged(ops, step, layout, opts)));
        break;
      case 'merge':
        requireIceberg(live, step.strategy);
        results.push(
          await ops.run(ops.dialect.merge(step.target, step.staged, step.uniqueKey, step.columns, { predicates: predicates(step.config) })[0]!, opts),
        );
        break;
      case 'delete+insert':
        requireIceberg(live, step.strategy);
        results.push(
          await ops.run(ops.dialect.deleteInsert(step.target, step.staged, step.uniqueKey, step.columns, { predicates: predicates(step.config) })[0]!, opts),
        );
        break;
      case 'insert_overwrite':
        if (isIceberg(live)) results.push(await ops.run(ops.dialect.overwritePartitions(step.target, step.staged, layout, step.columns)[0]!, opts));
        else await overwriteHivePartitions(ops, step.target, step.staged, opts);
        break;
      default:
        throw new KeelError(`incremental_strategy '${step.strategy}' is not available on Athena`, {
          hint: 'Use append, merge, delete+insert or insert_overwrite.',
        });
    }
  } catch (e) {
    // the staged rows are of no use now; the next build would drop them anyway
    await dropSideRelation(ops, step.staged, opts).catch(() => {});
    throw e;
  }
  await dropSideRelation(ops, step.staged, opts);
  return sumResults(results);
}

/** The live table's partitioning: Glue knows a Hive table's; an Iceberg table's is the model's config. */
function liveLayout(live: GlueTable, config: Record<string, unknown>, defaultType: TableLayout['tableType']): TableLayout {
  if (isIceberg(live)) return tableLayout({ ...config, table_type: 'iceberg' }, defaultType);
  return { tableType: 'hive', format: 'parquet', partitionedBy: partitionKeyNames(live), bucketedBy: [], partitioning: [] };
}

function requireIceberg(live: GlueTable, strategy: string): void {
  if (isIceberg(live)) return;
  throw new KeelError(`incremental_strategy '${strategy}' needs an Iceberg table: Athena cannot update rows of a Hive table`, {
    hint: 'Set table_type: iceberg and rebuild with --full-refresh, or use append or insert_overwrite.',
  });
}

function predicates(config: Record<string, unknown>): string[] {
  const p = config.incremental_predicates;
  return Array.isArray(p) ? p.map(String) : [];
}

/** INSERT of the staged rows, split by 100 partitions when more are touched (counted first: a failed Hive INSERT may leave files). */
async function insertStaged(ops: AthenaOps, step: IncrementalStep, layout: TableLayout, opts: StepOptions): Promise<QueryResult[]> {
  const q = (s: string) => ops.dialect.quoteIdentifier(s);
  const columns = step.columns.map(q).join(', ');
  const staged = ops.dialect.quoteRelation(step.staged);
  const insert = (select: string) => ops.run(ops.dialect.insertInto(step.target, select, step.columns), { ...opts, retryFailed: retriesAreSafe(layout) });
  const keys = isPartitioned(layout) ? partitionKeyExpressions(layout, q).filter((k): k is string => k !== null) : [];
  if (!keys.length) return [await insert(`SELECT ${columns} FROM ${staged}`)];
  const counted = await ops.run(`SELECT count(*) AS ${q('n')} FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${staged}) AS ${q('__keel_keys')}`, opts);
  const partitions = Number(counted.rows[0]?.n ?? 0);
  if (partitions <= MAX_PARTITIONS_PER_WRITE) return [counted, await insert(`SELECT ${columns} FROM ${staged}`)];
  opts.log?.(`-- ${partitions} partitions: inserting into ${step.target.identifier} in batches of ${MAX_PARTITIONS_PER_WRITE}`);
  const rank = q('__keel_partition_rank');
  const ranked = `(SELECT ${columns}, dense_rank() OVER (ORDER BY ${keys.join(', ')}) AS ${rank} FROM ${staged}) AS ${q('__keel_ranked')}`;
  const results = [counted];
  for (let i = 0; i * MAX_PARTITIONS_PER_WRITE < partitions; i++) {
    results.push(
      await insert(`SELECT ${columns} FROM ${ranked} WHERE ${rank} BETWEEN ${i * MAX_PARTITIONS_PER_WRITE + 1} AND ${(i + 1) * MAX_PARTITIONS_PER_WRITE}`),
    );
  }
  return results;
}
