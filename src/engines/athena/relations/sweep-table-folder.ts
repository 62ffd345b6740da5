import type { Relation } from '../../../core/relation.js';
import { isPartitionedHive, referencedLocations } from '../catalog/glue-table.js';
import { liveIdentifier, SIDE_SUFFIXES, tableFolder } from '../data-location.js';
import type { AthenaOps, StepOptions } from './athena-ops.js';

/**
 * Deletes the data in a model's folder that neither its live table nor a side table reads: the
 * previous generation after a swap, partitions an overwrite replaced, what a failed or killed
 * build wrote. Runs only after the catalog stopped pointing at that data, so readers never lose it.
 */
export async function sweepTableFolder(ops: AthenaOps, rel: Relation, opts: StepOptions): Promise<void> {
  const live = { ...rel, identifier: liveIdentifier(rel.identifier) };
  const keep: string[] = [];
  for (const suffix of ['', ...SIDE_SUFFIXES]) {
    const candidate = { ...live, identifier: `${live.identifier}${suffix}` };
    const table = await ops.glue.getTable(candidate);
    if (!table) continue;
    const partitions = isPartitionedHive(table) ? await ops.glue.partitions(candidate) : [];
    keep.push(...referencedLocations(table, partitions));
  }
  const folder = tableFolder(ops.settings.dataDir, live);
  const deleted = await ops.storage.deleteUnreferenced(folder, keep);
  if (deleted) opts.log?.(`-- s3: deleted ${deleted} object${deleted === 1 ? '' : 's'} under ${folder} that no table reads`);
}
