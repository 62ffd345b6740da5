import { HIVE_NULL_PARTITION, partitionFilter, partitionPath, type DataRoot } from '../../lake/data-store.js';
import { ident } from '../../lake/duck.js';
import { isIcebergRecord, isView, type GlueTableRecord } from '../../lake/glue-store.js';
import { duckTypeFromHive } from '../../lake/types.js';
import type { Statement } from '../../sql/statements.js';
import { trinoToDuckDB } from '../../sql/trino-to-duckdb.js';
import { QueryFailure } from '../aws-error.js';
import { requireDatabase, resolveName, type StatementContext, type StatementOutcome } from './statement-context.js';
import { checkOpenWriters } from './writers.js';

type Insert = Extract<Statement, { kind: 'insert' }>;
const STAGE = '"__keel_emulator_insert"';

/**
 * INSERT INTO: the rows are typed to the table's columns, then written where Athena writes them:
 * an Iceberg table's data; a Hive table's folder, or for a partitioned one the folder of each
 * partition (registered partitions keep their location, new ones are added under the table's).
 */
export async function runInsert(stmt: Insert, ctx: StatementContext): Promise<StatementOutcome> {
  const { lake } = ctx;
  const target = resolveName(stmt.target, ctx);
  requireDatabase(ctx, target);
  const table = lake.glue.getTable(target.db, target.name);
  if (!table) throw new QueryFailure(`TABLE_NOT_FOUND: line 1:13: Table '${target.display}' does not exist`);
  if (isView(table)) throw new QueryFailure(`NOT_SUPPORTED: Inserting into views is not supported`);
  const tableColumns = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])];
  const insertColumns = (stmt.columns ?? tableColumns.map((c) => c.Name)).map((c) => c.toLowerCase());
  const select = trinoToDuckDB(stmt.select);

  const described = await lake.duck.read(`DESCRIBE ${select}`);
  if (described.getRows().length !== insertColumns.length) {
    throw new QueryFailure(`SYNTAX_ERROR: line 1:1: Insert query has ${described.getRows().length} columns, the target has ${insertColumns.length}`);
  }
  const typed = tableColumns.map((c) => {
    const type = duckTypeFromHive(c.Type);
    return insertColumns.includes(c.Name.toLowerCase()) ? `CAST(${ident(c.Name)} AS ${type}) AS ${ident(c.Name)}` : `CAST(NULL AS ${type}) AS ${ident(c.Name)}`;
  });
  await lake.duck.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS SELECT ${typed.join(', ')} FROM (${select}) AS s(${insertColumns.map(ident).join(', ')})`);
  try {
    const rows = Number((await lake.duck.read(`SELECT count(*) FROM ${STAGE}`)).getRows()[0]![0]);
    if (isIcebergRecord(table)) await insertIceberg(ctx, table);
    else await insertHive(ctx, table);
    return { statementType: 'DML', substatementType: 'INSERT', updateCount: rows, dataScannedBytes: 0 };
  } finally {
    await lake.duck.run(`DROP TABLE IF EXISTS ${STAGE}`);
  }
}

async function insertIceberg(ctx: StatementContext, table: GlueTableRecord): Promise<void> {
  const root = ctx.lake.data.root(table.StorageDescriptor?.Location ?? '');
  if (!root) throw new QueryFailure(`ICEBERG_MISSING_METADATA: Metadata not found in metadata location for table ${table.DatabaseName}.${table.Name}`, 2, 233);
  await checkOpenWriters(ctx.lake.duck, STAGE, root.writerKeys, true);
  await ctx.lake.duck.run(`INSERT INTO ${root.table} BY NAME SELECT * FROM ${STAGE}`);
  ctx.lake.data.touched(root);
}

async function insertHive(ctx: StatementContext, table: GlueTableRecord): Promise<void> {
  const { lake } = ctx;
  const location = table.StorageDescriptor?.Location ?? '';
  const keys = (table.PartitionKeys ?? []).map((k) => k.Name);
  const stageColumns = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map((c) => ({
    name: c.Name,
    type: duckTypeFromHive(c.Type),
  }));
  const rootAt = async (loc: string): Promise<DataRoot> => lake.data.root(loc) ?? lake.data.createEmpty(loc, 'hive', keys, stageColumns);
  if (!keys.length) {
    const root = await rootAt(location);
    await lake.duck.run(`INSERT INTO ${root.table} BY NAME SELECT * FROM ${STAGE}`);
    lake.data.touched(root);
    return;
  }
  await checkOpenWriters(lake.duck, STAGE, keys.map(ident), false);
  const distinct = await lake.duck.read(`SELECT DISTINCT ${keys.map((k) => `CAST(${ident(k)} AS VARCHAR)`).join(', ')} FROM ${STAGE}`);
  const registered = new Map(lake.glue.getPartitions(table.DatabaseName, table.Name).map((p) => [JSON.stringify(p.Values), p]));
  for (const row of distinct.getRows()) {
    const values = row.map((v) => (v === null ? HIVE_NULL_PARTITION : String(v)));
    const existing = registered.get(JSON.stringify(values));
    // an existing partition is written where it points; its folder's root is the folder above the k=v/ parts
    const partitionLocation = existing?.StorageDescriptor?.Location ?? `${location}${partitionPath(keys, values)}`;
    const base =
      lake.data.rootHolding(partitionLocation)?.location ?? partitionLocation.replace(new RegExp(`(${keys.map(() => '[^/]+=[^/]*/').join('')})$`), '');
    const root = await rootAt(base);
    await lake.duck.run(`INSERT INTO ${root.table} BY NAME SELECT * FROM ${STAGE} WHERE ${partitionFilter(keys, values)}`);
    lake.data.touched(root);
    if (!existing) {
      lake.glue.createPartition(table.DatabaseName, table.Name, {
        Values: values,
        StorageDescriptor: { ...table.StorageDescriptor, Location: partitionLocation },
      });
    }
  }
}
