import { isIcebergRecord, isView } from '../../lake/glue-store.js';
import type { Statement } from '../../sql/statements.js';
import { trinoToDuckDB } from '../../sql/trino-to-duckdb.js';
import { QueryFailure } from '../aws-error.js';
import { requireDatabase, resolveName, type StatementContext, type StatementOutcome } from './statement-context.js';

type Modify = Extract<Statement, { kind: 'merge' | 'delete' | 'update' }>;

/** MERGE, UPDATE and DELETE: Iceberg tables only, run on the table's data with the target name swapped for it. */
export async function runModify(stmt: Modify, ctx: StatementContext): Promise<StatementOutcome> {
  const { lake } = ctx;
  const target = resolveName(stmt.target, ctx);
  requireDatabase(ctx, target);
  const table = lake.glue.getTable(target.db, target.name);
  if (!table) throw new QueryFailure(`TABLE_NOT_FOUND: line 1:1: Table '${target.display}' does not exist`);
  if (isView(table) || !isIcebergRecord(table)) {
    throw new QueryFailure(
      `NOT_SUPPORTED: Modifying rows is only supported for Iceberg tables (${target.display} is ${isView(table) ? 'a view' : 'a Hive table'})`,
    );
  }
  const root = lake.data.root(table.StorageDescriptor?.Location ?? '');
  if (!root) throw new QueryFailure(`ICEBERG_MISSING_METADATA: Metadata not found in metadata location for table ${target.db}.${target.name}`, 2, 233);
  const sql = `${stmt.sql.slice(0, stmt.target.start)}${root.table}${stmt.sql.slice(stmt.target.end)}`;
  const result = await lake.duck.run(trinoToDuckDB(sql));
  lake.data.touched(root);
  return { statementType: 'DML', substatementType: stmt.kind.toUpperCase(), updateCount: Number(result.rowsChanged), dataScannedBytes: 0 };
}
