import type { Relation } from '../../../core/relation.js';
import type { AthenaOps, StepOptions } from './athena-ops.js';
import { sweepTableFolder } from './sweep-table-folder.js';

/**
 * Drops a relation from the catalog only, then deletes the data no table reads any more. Never
 * DROP TABLE: on Iceberg it purges the table's files, and after a swap that was interrupted the
 * side table still names the files the live table now reads.
 */
export async function dropSideRelation(ops: AthenaOps, rel: Relation, opts: StepOptions): Promise<void> {
  opts.log?.(`-- glue: delete table ${rel.schema}.${rel.identifier} (catalog entry only)`);
  await ops.glue.deleteTable(rel);
  await sweepTableFolder(ops, rel, opts);
}
