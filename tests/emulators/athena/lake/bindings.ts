import { trinoToDuckDB } from '../sql/trino-to-duckdb.js';
import { partitionFilter, type DataRoot, type DataStore } from './data-store.js';
import { ident } from './duck.js';
import { isIcebergRecord, isView, type GluePartitionRecord, type GlueTableRecord } from './glue-store.js';
import { duckTypeFromHive } from './types.js';

/** How a Glue table reads in DuckDB: a view's SQL, or why it cannot be read. */
export type Binding = { sql: string; dependsOnViews: boolean } | { broken: string };

/**
 * Each Glue table is a DuckDB view named like it. Tables read their data roots through the
 * catalog as Athena does: the table's location (Iceberg, unpartitioned Hive) or, for a
 * partitioned Hive table, the registered partitions only, each from the folder it points at.
 */
export function bindingFor(table: GlueTableRecord, partitions: GluePartitionRecord[], data: DataStore): Binding {
  if (isView(table)) {
    const view = decodeView(table.ViewOriginalText ?? '');
    return view ? { sql: trinoToDuckDB(view.originalSql), dependsOnViews: true } : { broken: `HIVE_UNKNOWN_ERROR: view ${table.Name} has no Presto view text` };
  }
  const location = table.StorageDescriptor?.Location ?? '';
  const columns = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])];
  if (isIcebergRecord(table)) {
    const root = data.root(location);
    if (!root) return { broken: `ICEBERG_MISSING_METADATA: Metadata not found in metadata location for table ${table.DatabaseName}.${table.Name}` };
    return { sql: `SELECT ${project(columns, root)} FROM ${root.table}`, dependsOnViews: false };
  }
  const keys = (table.PartitionKeys ?? []).map((k) => k.Name);
  if (!keys.length) {
    const root = data.root(location);
    return { sql: root ? `SELECT ${project(columns, root)} FROM ${root.table}` : empty(columns), dependsOnViews: false };
  }
  const byRoot = new Map<DataRoot, string[][]>();
  for (const p of partitions) {
    const root = data.rootHolding(p.StorageDescriptor?.Location ?? '');
    if (root) byRoot.set(root, [...(byRoot.get(root) ?? []), p.Values]);
  }
  if (!byRoot.size) return { sql: empty(columns), dependsOnViews: false };
  const parts = [...byRoot].map(
    ([root, values]) => `SELECT ${project(columns, root)} FROM ${root.table} WHERE ${values.map((v) => `(${partitionFilter(keys, v)})`).join(' OR ')}`,
  );
  return { sql: parts.join('\nUNION ALL\n'), dependsOnViews: false };
}

/** The table's columns in Glue's order; a column the files lack reads as NULL (Parquet is read by name). */
function project(columns: Array<{ Name: string; Type: string }>, root: DataRoot): string {
  if (!columns.length) return '*';
  const have = new Set(root.columns.map((c) => c.name.toLowerCase()));
  return columns.map((c) => (have.has(c.Name.toLowerCase()) ? ident(c.Name) : `CAST(NULL AS ${duckTypeFromHive(c.Type)}) AS ${ident(c.Name)}`)).join(', ');
}

function empty(columns: Array<{ Name: string; Type: string }>): string {
  const cols = columns.length ? columns.map((c) => `CAST(NULL AS ${duckTypeFromHive(c.Type)}) AS ${ident(c.Name)}`) : ['NULL AS "_"'];
  return `SELECT ${cols.join(', ')} WHERE false`;
}

export interface PrestoView {
  originalSql: string;
  catalog: string;
  schema: string;
  columns: Array<{ name: string; type: string }>;
}

/** Athena keeps a view's SQL in Glue as `/* Presto View: <base64 JSON> *\/`. */
export function encodeView(view: PrestoView): string {
  return `/* Presto View: ${Buffer.from(JSON.stringify({ ...view, owner: 'keel-emulator', runAsInvoker: false, properties: {} })).toString('base64')} */`;
}

export function decodeView(text: string): PrestoView | null {
  const m = /\/\* Presto View: (\S+) \*\//.exec(text);
  if (!m) return null;
  try {
    return JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as PrestoView;
  } catch {
    return null;
  }
}
