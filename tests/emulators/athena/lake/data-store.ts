import { DATA_SCHEMA, ident, lit, type Duck } from './duck.js';
import type { DuckColumn } from './types.js';

export type DataFormat = 'hive' | 'iceberg';

/** The data written into one S3 folder by a CTAS (and the INSERTs after it), kept as one DuckDB table. */
export interface DataRoot {
  id: number;
  /** s3://bucket/prefix/ with a trailing slash */
  location: string;
  /** "__lake"."r_<id>" */
  table: string;
  format: DataFormat;
  /** Hive: the columns that make the partition folders */
  partitionKeys: string[];
  columns: DuckColumn[];
  /** expressions whose distinct values each need a writer: partitions (and buckets); Athena allows 100 per query */
  writerKeys: string[];
}

export interface StoredObject {
  uri: string;
  size: number;
  modified: Date;
}

export const HIVE_NULL_PARTITION = '__HIVE_DEFAULT_PARTITION__';
const folder = (uri: string) => (uri.endsWith('/') ? uri : `${uri}/`);

/**
 * S3 as the emulator keeps it: real objects (bytes) plus the files of the data roots, which are
 * listed as S3 objects (one per Hive partition folder, a data and a metadata file per Iceberg
 * table) so that keel's listing and deleting act on table data as it would on S3. Deleting a
 * root's file deletes its rows: a Hive partition's rows, or a whole Iceberg table.
 */
export class DataStore {
  private readonly roots = new Map<string, DataRoot>();
  private readonly objects = new Map<string, { bytes: Buffer; modified: Date }>();
  private seq = 0;
  private readonly rowCounts = new Map<number, number>();
  version = 0;

  constructor(private readonly duck: Duck) {}

  root(location: string): DataRoot | undefined {
    return this.roots.get(folder(location));
  }

  /** The root whose folder holds `uri` (a partition folder, a file). */
  rootHolding(uri: string): DataRoot | undefined {
    let best: DataRoot | undefined;
    for (const r of this.roots.values()) if (uri.startsWith(r.location) && (!best || r.location.length > best.location.length)) best = r;
    return best;
  }

  allRoots(): DataRoot[] {
    return [...this.roots.values()];
  }

  /** CREATE TABLE AS into a new root (the caller checked the folder is empty). */
  async create(location: string, format: DataFormat, partitionKeys: string[], duckSelect: string): Promise<DataRoot> {
    const id = ++this.seq;
    const table = `${ident(DATA_SCHEMA)}.${ident(`r_${id}`)}`;
    await this.duck.run(`CREATE TABLE ${table} AS ${duckSelect}`);
    return this.register({
      id,
      location: folder(location),
      table,
      format,
      partitionKeys,
      columns: await this.describe(table),
      writerKeys: partitionKeys.map(ident),
    });
  }

  async createEmpty(location: string, format: DataFormat, partitionKeys: string[], columns: DuckColumn[]): Promise<DataRoot> {
    const id = ++this.seq;
    const table = `${ident(DATA_SCHEMA)}.${ident(`r_${id}`)}`;
    await this.duck.run(`CREATE TABLE ${table} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
    return this.register({ id, location: folder(location), table, format, partitionKeys, columns, writerKeys: partitionKeys.map(ident) });
  }

  async drop(root: DataRoot): Promise<void> {
    await this.duck.run(`DROP TABLE IF EXISTS ${root.table}`);
    this.roots.delete(root.location);
    this.touched(root);
    this.version++;
  }

  /** Iceberg's DROP TABLE purges its folder. */
  async dropUnder(prefix: string): Promise<void> {
    for (const r of [...this.roots.values()]) if (r.location.startsWith(folder(prefix))) await this.drop(r);
    for (const uri of [...this.objects.keys()]) if (uri.startsWith(folder(prefix))) this.objects.delete(uri);
  }

  async rowCount(root: DataRoot): Promise<number> {
    const known = this.rowCounts.get(root.id);
    if (known !== undefined) return known;
    const r = await this.duck.read(`SELECT count(*) AS n FROM ${root.table}`);
    const n = Number(r.getRows()[0]![0]);
    this.rowCounts.set(root.id, n);
    return n;
  }

  /** Call after writing to a root's rows (its row count changed; how tables read it did not). */
  touched(root: DataRoot): void {
    this.rowCounts.delete(root.id);
  }

  /** Rough bytes of a root's data as Parquet would hold it: 8 bytes a value. */
  async sizeOf(root: DataRoot): Promise<number> {
    return (await this.rowCount(root)) * Math.max(1, root.columns.length) * 8;
  }

  async listObjects(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    for (const [uri, o] of this.objects) if (uri.startsWith(prefix)) out.push({ uri, size: o.bytes.length, modified: o.modified });
    for (const root of this.roots.values()) {
      if (!root.location.startsWith(prefix) && !prefix.startsWith(root.location)) continue;
      for (const o of await this.filesOf(root)) if (o.uri.startsWith(prefix)) out.push(o);
    }
    return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  async hasObjectsUnder(prefix: string): Promise<boolean> {
    return (await this.listObjects(folder(prefix))).length > 0;
  }

  putObject(uri: string, bytes: Buffer): void {
    this.objects.set(uri, { bytes, modified: new Date() });
  }

  /** Deletes one object; S3 answers success whether or not it existed. */
  async deleteObject(uri: string): Promise<void> {
    if (this.objects.delete(uri)) return;
    const root = this.rootHolding(uri);
    if (!root) return;
    const file = (await this.filesOf(root)).find((o) => o.uri === uri);
    if (!file) return;
    if (root.format === 'iceberg' || !root.partitionKeys.length) return this.drop(root);
    const values = partitionValuesOf(uri.slice(root.location.length), root.partitionKeys);
    await this.duck.run(`DELETE FROM ${root.table} WHERE ${partitionFilter(root.partitionKeys, values)}`);
    this.touched(root);
    if ((await this.rowCount(root)) === 0) await this.drop(root);
  }

  /** Distinct partition values present in a root, as Glue stores them (text). */
  async partitionValues(root: DataRoot): Promise<string[][]> {
    if (!root.partitionKeys.length) return [];
    const cols = root.partitionKeys.map((k) => `CAST(${ident(k)} AS VARCHAR)`).join(', ');
    const r = await this.duck.read(`SELECT DISTINCT ${cols} FROM ${root.table} ORDER BY ALL`);
    return r.getRows().map((row) => row.map((v) => (v === null ? HIVE_NULL_PARTITION : String(v))));
  }

  private async filesOf(root: DataRoot): Promise<StoredObject[]> {
    const size = await this.sizeOf(root);
    const modified = new Date();
    if (root.format === 'iceberg') {
      return [
        { uri: `${root.location}data/${root.id}-00000.parquet`, size, modified },
        { uri: `${root.location}metadata/00001-${root.id}.metadata.json`, size: 1024, modified },
      ];
    }
    if (!root.partitionKeys.length) return [{ uri: `${root.location}${root.id}-00000.parquet`, size, modified }];
    return (await this.partitionValues(root)).map((values) => ({
      uri: `${root.location}${partitionPath(root.partitionKeys, values)}${root.id}-00000.parquet`,
      size,
      modified,
    }));
  }

  private register(root: DataRoot): DataRoot {
    this.roots.set(root.location, root);
    this.version++;
    return root;
  }

  private async describe(table: string): Promise<DuckColumn[]> {
    const r = await this.duck.read(`DESCRIBE ${table}`);
    return r.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
  }
}

/** `k1=v1/k2=v2/`, escaped as Hive escapes partition folder names. */
export function partitionPath(keys: string[], values: string[]): string {
  return keys.map((k, i) => `${escapePathPart(k)}=${escapePathPart(values[i]!)}/`).join('');
}

function escapePathPart(s: string): string {
  return s.replace(/[%/=:#?\\"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function partitionValuesOf(relative: string, keys: string[]): string[] {
  const parts = relative.split('/').slice(0, keys.length);
  return parts.map((p) => decodeURIComponent(p.slice(p.indexOf('=') + 1)));
}

/** Rows of one partition: its text values compared as Glue stores them. */
export function partitionFilter(keys: string[], values: string[]): string {
  return keys.map((k, i) => (values[i] === HIVE_NULL_PARTITION ? `${ident(k)} IS NULL` : `CAST(${ident(k)} AS VARCHAR) = ${lit(values[i]!)}`)).join(' AND ');
}
