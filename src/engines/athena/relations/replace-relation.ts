import { KeelError } from '../../../core/errors.js';
import type { Relation } from '../../../core/relation.js';
import { isPartitionedHive, partitionInputFrom, partitionKey, partitionKeyNames, type GluePartition } from '../catalog/glue-table.js';
import type { AthenaOps, StepOptions } from './athena-ops.js';
import { dropSideRelation } from './drop-side-relation.js';

/**
 * Swaps a freshly built table or view in. Athena has no transactions and renames neither views
 * nor Hive tables, so the swap is one Glue UpdateTable that gives the live name the new
 * definition (storage location or Iceberg metadata, columns, view text): readers see the old
 * relation or the new one, never none. Only then is the side entry removed and the old data
 * deleted. A failure at any step leaves the live name readable; the next build sweeps leftovers.
 *
 * A partitioned Hive table's partitions are Glue objects of their own: they follow the table in
 * batches after it, so for a moment readers may see a mix of old and new partitions.
 */
export async function replaceRelation(ops: AthenaOps, live: Relation, built: Relation, opts: StepOptions): Promise<void> {
  const builtTable = await ops.glue.getTable(built);
  if (!builtTable) throw new KeelError(`cannot swap in ${built.schema}.${built.identifier}: it is not in the Glue catalog`);
  const liveTable = await ops.glue.getTable(live);
  const newPartitions = isPartitionedHive(builtTable) ? await ops.glue.partitions(built) : [];
  const oldPartitions = liveTable && isPartitionedHive(liveTable) ? await ops.glue.partitions(live) : [];

  opts.log?.(`-- glue: ${liveTable ? 'update' : 'create'} table ${live.schema}.${live.identifier} with the definition of ${built.identifier}`);
  await ops.glue.copyDefinition(builtTable, live, liveTable !== null);
  if (newPartitions.length || oldPartitions.length) {
    const sameKeys = liveTable !== null && JSON.stringify(partitionKeyNames(liveTable)) === JSON.stringify(partitionKeyNames(builtTable));
    // partitions of other keys mean nothing under the new definition: they go first
    if (!sameKeys)
      await ops.glue.deletePartitions(
        live,
        oldPartitions.map((p) => p.Values ?? []),
      );
    await replacePartitions(ops, live, sameKeys ? oldPartitions : [], newPartitions, opts);
  }
  await dropSideRelation(ops, built, opts);
}

/** Points existing partitions at the new data, adds new ones, then removes those the new table lacks. */
async function replacePartitions(ops: AthenaOps, live: Relation, old: GluePartition[], fresh: GluePartition[], opts: StepOptions): Promise<void> {
  const oldKeys = new Set(old.map((p) => partitionKey(p.Values)));
  const freshKeys = new Set(fresh.map((p) => partitionKey(p.Values)));
  const updated = fresh.filter((p) => oldKeys.has(partitionKey(p.Values)));
  const created = fresh.filter((p) => !oldKeys.has(partitionKey(p.Values)));
  const removed = old.filter((p) => !freshKeys.has(partitionKey(p.Values)));
  opts.log?.(`-- glue: partitions of ${live.identifier}: ${updated.length} repointed, ${created.length} added, ${removed.length} removed`);
  await ops.glue.updatePartitions(live, updated.map(partitionInputFrom));
  await ops.glue.createPartitions(live, created.map(partitionInputFrom));
  await ops.glue.deletePartitions(
    live,
    removed.map((p) => p.Values ?? []),
  );
}
