import type { Column, Partition, PartitionInput, Table, TableInput } from '@aws-sdk/client-glue';
import type { RelationType } from '../../../core/relation.js';
import type { ColumnInfo } from '../../engine.js';

export type GlueTable = Table;
export type GluePartition = Partition;

export function relationType(table: GlueTable): RelationType {
  return table.TableType === 'VIRTUAL_VIEW' ? 'view' : 'table';
}

export function isIceberg(table: GlueTable): boolean {
  return table.Parameters?.table_type?.toUpperCase() === 'ICEBERG';
}

/** Hive tables keep partitions as separate Glue objects; Iceberg keeps them in its own metadata. */
export function isPartitionedHive(table: GlueTable): boolean {
  return !isIceberg(table) && relationType(table) === 'table' && (table.PartitionKeys?.length ?? 0) > 0;
}

export function partitionKeyNames(table: GlueTable): string[] {
  return (table.PartitionKeys ?? []).map((k) => k.Name ?? '');
}

/** Data columns then partition columns, as a SELECT * returns them. */
export function tableColumns(table: GlueTable): ColumnInfo[] {
  return [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map(columnInfo);
}

function columnInfo(c: Column): ColumnInfo {
  return { name: c.Name ?? '', type: athenaTypeName(c.Type ?? 'string') };
}

/** Glue holds Hive type names (string, int, array<string>); keel reports Athena's (VARCHAR, INTEGER, ARRAY(VARCHAR)). */
export function athenaTypeName(hiveType: string): string {
  const t = hiveType.trim().toLowerCase();
  const simple: Record<string, string> = { string: 'VARCHAR', int: 'INTEGER', integer: 'INTEGER', float: 'REAL' };
  if (simple[t]) return simple[t]!;
  return t.toUpperCase();
}

/** The fields of a Glue table that define it, under another name: what a swap copies. */
export function tableInputFrom(table: GlueTable, name: string): TableInput {
  return {
    Name: name,
    Description: table.Description,
    Owner: table.Owner,
    Retention: table.Retention,
    StorageDescriptor: table.StorageDescriptor,
    PartitionKeys: table.PartitionKeys,
    ViewOriginalText: table.ViewOriginalText,
    ViewExpandedText: table.ViewExpandedText,
    TableType: table.TableType,
    Parameters: table.Parameters,
  };
}

export function partitionInputFrom(p: GluePartition): PartitionInput {
  return { Values: p.Values, StorageDescriptor: p.StorageDescriptor, Parameters: p.Parameters };
}

export function partitionKey(values: string[] | undefined): string {
  return JSON.stringify(values ?? []);
}

/** The S3 folders whose objects this table reads: the table's location, or each partition's. */
export function referencedLocations(table: GlueTable, partitions: GluePartition[]): string[] {
  if (relationType(table) === 'view') return [];
  const own = table.StorageDescriptor?.Location;
  if (isPartitionedHive(table)) return partitions.map((p) => p.StorageDescriptor?.Location).filter((l): l is string => Boolean(l));
  return own ? [own] : [];
}
