import { encodeView } from '../../lake/bindings.js';
import { isIcebergRecord, isView } from '../../lake/glue-store.js';
import { athenaColumnType, hiveType } from '../../lake/types.js';
import type { Statement } from '../../sql/statements.js';
import { trinoToDuckDB } from '../../sql/trino-to-duckdb.js';
import { AwsError, QueryFailure } from '../aws-error.js';
import { requireDatabase, resolveName, type StatementContext, type StatementOutcome } from './statement-context.js';

const ddl = (substatementType: string): StatementOutcome => ({ statementType: 'DDL', substatementType, dataScannedBytes: 0 });

export function runCreateDatabase(stmt: Extract<Statement, { kind: 'create-database' }>, ctx: StatementContext): StatementOutcome {
  const name = stmt.name.parts[stmt.name.parts.length - 1]!;
  try {
    ctx.lake.glue.createDatabase(name, stmt.ifNotExists);
  } catch (e) {
    if (e instanceof AwsError) throw new QueryFailure(`FAILED: ${e.code}: ${e.message}`, 2, 1003);
    throw e;
  }
  return ddl('CREATE_DATABASE');
}

/** A view is checked by describing its query, then stored in Glue as Athena stores it (Presto view text). */
export async function runCreateView(stmt: Extract<Statement, { kind: 'create-view' }>, ctx: StatementContext): Promise<StatementOutcome> {
  const { lake } = ctx;
  const target = resolveName(stmt.target, ctx);
  requireDatabase(ctx, target);
  const existing = lake.glue.getTable(target.db, target.name);
  if (existing && !isView(existing)) throw new QueryFailure(`TABLE_ALREADY_EXISTS: line 1:1: Table '${target.display}' already exists`);
  if (existing && !stmt.orReplace) throw new QueryFailure(`ALREADY_EXISTS: line 1:1: View '${target.display}' already exists`);
  const described = await lake.duck.read(`DESCRIBE ${trinoToDuckDB(stmt.select)}`);
  const columns = described.getRows().map((r) => ({ name: String(r[0]).toLowerCase(), type: String(r[1]) }));
  const input = {
    Name: target.name,
    TableType: 'VIRTUAL_VIEW',
    Parameters: { presto_view: 'true', comment: 'Presto View' },
    StorageDescriptor: { Columns: columns.map((c) => ({ Name: c.name, Type: hiveType(c.type) })), Location: '' },
    PartitionKeys: [],
    ViewOriginalText: encodeView({
      originalSql: stmt.select,
      catalog: ctx.catalog.toLowerCase(),
      schema: target.db,
      columns: columns.map((c) => ({ name: c.name, type: athenaColumnType(c.type).Type })),
    }),
    ViewExpandedText: '/* Presto View */',
  };
  if (existing) lake.glue.updateTable(target.db, input);
  else lake.glue.createTable(target.db, input);
  return ddl('CREATE_VIEW');
}

/** DROP TABLE removes the catalog entry; on Iceberg it also purges the table's files, on Hive it leaves them. */
export async function runDropTable(stmt: Extract<Statement, { kind: 'drop-table' }>, ctx: StatementContext): Promise<StatementOutcome> {
  const { lake } = ctx;
  const target = resolveName(stmt.target, ctx);
  const table = lake.glue.getTable(target.db, target.name);
  if (!table) {
    if (stmt.ifExists) return ddl('DROP_TABLE');
    throw new QueryFailure(`FAILED: SemanticException [Error 10001]: Table not found ${target.db}.${target.name}`, 2, 1003);
  }
  if (isView(table)) throw new QueryFailure('FAILED: SemanticException [Error 10137]: Cannot drop a view with DROP TABLE', 2, 1003);
  if (isIcebergRecord(table)) await lake.data.dropUnder(table.StorageDescriptor?.Location ?? '');
  lake.glue.deleteTable(target.db, target.name);
  return ddl('DROP_TABLE');
}

export function runDropView(stmt: Extract<Statement, { kind: 'drop-view' }>, ctx: StatementContext): StatementOutcome {
  const target = resolveName(stmt.target, ctx);
  const table = ctx.lake.glue.getTable(target.db, target.name);
  if (!table || !isView(table)) {
    if (!table && stmt.ifExists) return ddl('DROP_VIEW');
    throw new QueryFailure(`TABLE_NOT_FOUND: line 1:1: View '${target.display}' does not exist`);
  }
  ctx.lake.glue.deleteTable(target.db, target.name);
  return ddl('DROP_VIEW');
}

/** ALTER TABLE ... RENAME TO: Iceberg tables only (Glue keeps the files where they are). */
export function runRenameTable(stmt: Extract<Statement, { kind: 'rename-table' }>, ctx: StatementContext): StatementOutcome {
  const { glue } = ctx.lake;
  const from = resolveName(stmt.target, ctx);
  const to = resolveName(stmt.to, ctx);
  const table = glue.getTable(from.db, from.name);
  if (!table) throw new QueryFailure(`FAILED: SemanticException [Error 10001]: Table not found ${from.db}.${from.name}`, 2, 1003);
  if (isView(table) || !isIcebergRecord(table))
    throw new QueryFailure(`NOT_SUPPORTED: ALTER TABLE RENAME TO is only supported for Iceberg tables (${from.display})`, 2, 1003);
  if (to.db !== from.db) throw new QueryFailure('NOT_SUPPORTED: a table can only be renamed within its database', 2, 1003);
  if (glue.getTable(to.db, to.name)) throw new QueryFailure(`FAILED: AlreadyExistsException: Table ${to.db}.${to.name} already exists`, 2, 1003);
  const { DatabaseName: _db, CreateTime: _c, UpdateTime: _u, VersionId: _v, CatalogId: _id, ...input } = table;
  glue.createTable(to.db, { ...input, Name: to.name });
  glue.deleteTable(from.db, from.name);
  return ddl('ALTER_TABLE');
}
