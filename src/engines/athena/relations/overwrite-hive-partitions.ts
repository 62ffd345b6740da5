import { KeelError } from '../../../core/errors.js';
import type { Relation } from '../../../core/relation.js';
import { partitionInputFrom, partitionKey, partitionKeyNames } from '../catalog/glue-table.js';
import type { AthenaOps, StepOptions } from './athena-ops.js';

/**
 * insert_overwrite on a Hive table, without deleting anything first: each partition the staged
 * rows touch is pointed at the staged table's files in Glue (a partition switches in one call,
 * so readers see its old or its new rows), new partitions are added. The replaced files are
 * deleted later, by the sweep that follows dropping the staged table.
 */
export async function overwriteHivePartitions(ops: AthenaOps, target: Relation, staged: Relation, opts: StepOptions): Promise<void> {
  const [live, stagedTable] = [await ops.glue.getTable(target), await ops.glue.getTable(staged)];
  const keys = live ? partitionKeyNames(live) : [];
  if (!live || !stagedTable || !keys.length) {
    throw new KeelError(`insert_overwrite on a Hive table needs partitions: ${target.identifier} has none`, {
      hint: "Set partitioned_by=['col'], or use append.",
    });
  }
  if (JSON.stringify(partitionKeyNames(stagedTable)) !== JSON.stringify(keys)) {
    throw new KeelError(
      `the new rows of ${target.identifier} are partitioned by ${partitionKeyNames(stagedTable).join(', ') || 'nothing'}, the table by ${keys.join(', ')}`,
      {
        hint: 'Rebuild it with --full-refresh.',
      },
    );
  }
  const existing = new Set((await ops.glue.partitions(target)).map((p) => partitionKey(p.Values)));
  const fresh = await ops.glue.partitions(staged);
  const replaced = fresh.filter((p) => existing.has(partitionKey(p.Values)));
  const added = fresh.filter((p) => !existing.has(partitionKey(p.Values)));
  opts.log?.(`-- glue: partitions of ${target.identifier}: ${replaced.length} overwritten, ${added.length} added`);
  await ops.glue.updatePartitions(target, replaced.map(partitionInputFrom));
  await ops.glue.createPartitions(target, added.map(partitionInputFrom));
}
