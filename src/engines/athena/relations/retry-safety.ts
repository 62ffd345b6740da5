import { isIceberg } from '../catalog/glue-table.js';
import type { AthenaQueryError } from '../query/athena-query-error.js';
import { isUnder } from '../s3-uri.js';
import type { AthenaOps } from './athena-ops.js';

/**
 * Makes a statement that failed with a retryable error safe to run again as it is, or refuses
 * (rethrows) when it cannot be:
 * - a CTAS may have left files in its location, which a second CTAS refuses: they are deleted
 *   (only under keel's data folder, where a CTAS location is always a fresh one);
 * - an INSERT into a Hive table may have left files a second run would add to: no retry. An
 *   Iceberg INSERT commits all or nothing.
 */
export async function prepareRetry(ops: AthenaOps, sql: string, error: AthenaQueryError): Promise<void> {
  const location = ops.dialect.ctasLocation(sql);
  if (location && isUnder(location, ops.settings.dataDir)) {
    await ops.storage.deleteUnreferenced(location, []);
    return;
  }
  const target = ops.dialect.insertTarget(sql);
  if (target) {
    const table = await ops.glue.getTable(target);
    if (table && !isIceberg(table)) throw error;
  }
}
