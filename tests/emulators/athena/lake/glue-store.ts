import { AwsError } from '../services/aws-error.js';

/** A Glue table as the API returns it (the fields keel and the emulator use). */
export interface GlueTableRecord {
  Name: string;
  DatabaseName: string;
  TableType?: string;
  Parameters?: Record<string, string>;
  StorageDescriptor?: { Columns?: Array<{ Name: string; Type: string }>; Location?: string; [k: string]: unknown };
  PartitionKeys?: Array<{ Name: string; Type: string }>;
  ViewOriginalText?: string;
  ViewExpandedText?: string;
  Owner?: string;
  Description?: string;
  Retention?: number;
  CreateTime: number;
  UpdateTime: number;
  VersionId: string;
  CatalogId: string;
}

export interface GluePartitionRecord {
  Values: string[];
  DatabaseName: string;
  TableName: string;
  StorageDescriptor?: { Location?: string; Columns?: Array<{ Name: string; Type: string }>; [k: string]: unknown };
  Parameters?: Record<string, string>;
  CreationTime: number;
}

const CATALOG_ID = '123456789012';
const now = () => Date.now() / 1000;
const key = (db: string, table: string) => `${db.toLowerCase()}.${table.toLowerCase()}`;
export const partitionValuesKey = (values: string[]) => JSON.stringify(values);

/**
 * The Glue Data Catalog: databases, tables, partitions. Names are stored in lower case, as Glue
 * does. Athena DDL and the Glue API both change it; every change bumps `version`.
 */
export class GlueStore {
  readonly databases = new Map<string, { Name: string; CreateTime: number }>();
  private readonly tables = new Map<string, GlueTableRecord>();
  private readonly partitions = new Map<string, Map<string, GluePartitionRecord>>();
  version = 0;

  createDatabase(name: string, ifNotExists = false): void {
    const n = name.toLowerCase();
    if (this.databases.has(n)) {
      if (ifNotExists) return;
      throw new AwsError('AlreadyExistsException', `Database ${n} already exists.`);
    }
    this.databases.set(n, { Name: n, CreateTime: now() });
    this.version++;
  }

  requireDatabase(name: string): void {
    if (!this.databases.has(name.toLowerCase())) throw new AwsError('EntityNotFoundException', `Database ${name.toLowerCase()} not found.`);
  }

  getTable(db: string, name: string): GlueTableRecord | undefined {
    return this.tables.get(key(db, name));
  }

  requireTable(db: string, name: string): GlueTableRecord {
    this.requireDatabase(db);
    const t = this.getTable(db, name);
    if (!t) throw new AwsError('EntityNotFoundException', `Table ${name.toLowerCase()} not found.`);
    return t;
  }

  listTables(db: string): GlueTableRecord[] {
    this.requireDatabase(db);
    return [...this.tables.values()].filter((t) => t.DatabaseName === db.toLowerCase()).sort((a, b) => a.Name.localeCompare(b.Name));
  }

  allTables(): GlueTableRecord[] {
    return [...this.tables.values()];
  }

  createTable(db: string, input: Omit<GlueTableRecord, 'DatabaseName' | 'CreateTime' | 'UpdateTime' | 'VersionId' | 'CatalogId'>): void {
    this.requireDatabase(db);
    if (this.getTable(db, input.Name)) throw new AwsError('AlreadyExistsException', `Table already exists.`);
    const t = {
      ...input,
      Name: input.Name.toLowerCase(),
      DatabaseName: db.toLowerCase(),
      CreateTime: now(),
      UpdateTime: now(),
      VersionId: '1',
      CatalogId: CATALOG_ID,
    };
    this.tables.set(key(db, input.Name), structuredClone(t));
    this.version++;
  }

  /** Replaces the definition in one step, as UpdateTable does; partitions stay. With `versionId`, only if nobody changed it since. */
  updateTable(db: string, input: Omit<GlueTableRecord, 'DatabaseName' | 'CreateTime' | 'UpdateTime' | 'VersionId' | 'CatalogId'>, versionId?: string): void {
    const old = this.requireTable(db, input.Name);
    if (versionId !== undefined && versionId !== old.VersionId)
      throw new AwsError(
        'ConcurrentModificationException',
        `Update table failed due to concurrent modifications (version ${old.VersionId}, not ${versionId}).`,
      );
    const t = {
      ...input,
      Name: old.Name,
      DatabaseName: old.DatabaseName,
      CreateTime: old.CreateTime,
      UpdateTime: now(),
      VersionId: String(Number(old.VersionId) + 1),
      CatalogId: CATALOG_ID,
    };
    this.tables.set(key(db, input.Name), structuredClone(t));
    this.version++;
  }

  deleteTable(db: string, name: string): void {
    this.requireTable(db, name);
    this.tables.delete(key(db, name));
    this.partitions.delete(key(db, name));
    this.version++;
  }

  getPartitions(db: string, table: string): GluePartitionRecord[] {
    this.requireTable(db, table);
    return [...(this.partitions.get(key(db, table))?.values() ?? [])];
  }

  createPartition(
    db: string,
    table: string,
    p: { Values: string[]; StorageDescriptor?: GluePartitionRecord['StorageDescriptor']; Parameters?: Record<string, string> },
  ): void {
    const t = this.requireTable(db, table);
    if (p.Values.length !== (t.PartitionKeys?.length ?? 0))
      throw new AwsError('InvalidInputException', `The number of partition values does not match the number of partition keys of ${t.Name}.`);
    const parts = this.partitionMap(db, table);
    if (parts.has(partitionValuesKey(p.Values))) throw new AwsError('AlreadyExistsException', 'Partition already exists.');
    parts.set(partitionValuesKey(p.Values), structuredClone({ ...p, DatabaseName: t.DatabaseName, TableName: t.Name, CreationTime: now() }));
    this.version++;
  }

  updatePartition(
    db: string,
    table: string,
    values: string[],
    p: { Values: string[]; StorageDescriptor?: GluePartitionRecord['StorageDescriptor']; Parameters?: Record<string, string> },
  ): void {
    const parts = this.partitionMap(db, table);
    const old = parts.get(partitionValuesKey(values));
    if (!old) throw new AwsError('EntityNotFoundException', 'Partition not found.');
    parts.delete(partitionValuesKey(values));
    parts.set(
      partitionValuesKey(p.Values),
      structuredClone({ ...p, DatabaseName: old.DatabaseName, TableName: old.TableName, CreationTime: old.CreationTime }),
    );
    this.version++;
  }

  deletePartition(db: string, table: string, values: string[]): void {
    const parts = this.partitionMap(db, table);
    if (!parts.delete(partitionValuesKey(values))) throw new AwsError('EntityNotFoundException', 'Partition not found.');
    this.version++;
  }

  private partitionMap(db: string, table: string): Map<string, GluePartitionRecord> {
    this.requireTable(db, table);
    let parts = this.partitions.get(key(db, table));
    if (!parts) this.partitions.set(key(db, table), (parts = new Map()));
    return parts;
  }
}

export function isIcebergRecord(t: GlueTableRecord): boolean {
  return t.Parameters?.table_type?.toUpperCase() === 'ICEBERG';
}

export function isView(t: GlueTableRecord): boolean {
  return t.TableType === 'VIRTUAL_VIEW';
}
