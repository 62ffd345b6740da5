import type { GlueTableRecord } from '../lake/glue-store.js';
import type { Lake } from '../lake/lake.js';
import { AwsError } from './aws-error.js';

const PAGE = 100;

type TableInput = Omit<GlueTableRecord, 'DatabaseName' | 'CreateTime' | 'UpdateTime' | 'VersionId' | 'CatalogId'>;

/** The Glue API (JSON 1.1, `AWSGlue.<Action>`) over the lake's catalog: what keel and Athena's own DDL change. */
export class GlueService {
  constructor(private readonly lake: Lake) {}

  handle(action: string, b: Record<string, any>): unknown {
    const glue = this.lake.glue;
    switch (action) {
      case 'CreateDatabase':
        glue.createDatabase(b.DatabaseInput?.Name);
        return {};
      case 'GetDatabase': {
        glue.requireDatabase(b.Name);
        return { Database: { ...glue.databases.get(String(b.Name).toLowerCase()), CatalogId: '123456789012' } };
      }
      case 'GetDatabases':
        return { DatabaseList: [...glue.databases.values()] };
      case 'GetTable':
        return { Table: glue.requireTable(b.DatabaseName, b.Name) };
      case 'GetTables': {
        const all = glue.listTables(b.DatabaseName);
        return page(all, b.NextToken, Number(b.MaxResults ?? PAGE), (items, NextToken) => ({ TableList: items, NextToken }));
      }
      case 'CreateTable':
        glue.createTable(b.DatabaseName, tableInput(b.TableInput));
        return {};
      case 'UpdateTable':
        glue.updateTable(b.DatabaseName, tableInput(b.TableInput), b.VersionId);
        return {};
      case 'DeleteTable':
        glue.deleteTable(b.DatabaseName, b.Name);
        return {};
      case 'GetPartitions': {
        const all = glue.getPartitions(b.DatabaseName, b.TableName);
        return page(all, b.NextToken, Number(b.MaxResults ?? PAGE), (items, NextToken) => ({ Partitions: items, NextToken }));
      }
      case 'BatchCreatePartition':
        limit(b.PartitionInputList, 100);
        return batch<any>(
          b.PartitionInputList ?? [],
          (p) => glue.createPartition(b.DatabaseName, b.TableName, p),
          (p) => p.Values,
        );
      case 'BatchUpdatePartition':
        limit(b.Entries, 100);
        return batch<any>(
          b.Entries ?? [],
          (e) => glue.updatePartition(b.DatabaseName, b.TableName, e.PartitionValueList, e.PartitionInput),
          (e) => e.PartitionValueList,
        );
      case 'BatchDeletePartition':
        limit(b.PartitionsToDelete, 25);
        return batch<any>(
          b.PartitionsToDelete ?? [],
          (p) => glue.deletePartition(b.DatabaseName, b.TableName, p.Values),
          (p) => p.Values,
        );
      default:
        throw new AwsError('UnknownOperationException', `The Glue emulator has no ${action}`);
    }
  }
}

function tableInput(input: any): TableInput {
  if (!input?.Name) throw new AwsError('InvalidInputException', 'TableInput.Name is required');
  return input as TableInput;
}

function limit(items: unknown[] | undefined, max: number): void {
  if ((items?.length ?? 0) > max) throw new AwsError('InvalidInputException', `At most ${max} entries per call`);
}

/** Glue's batch calls answer 200 and list the entries that failed. */
function batch<T = any>(items: T[], apply: (item: T) => void, values: (item: T) => string[]) {
  const Errors: unknown[] = [];
  for (const item of items) {
    try {
      apply(item);
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      Errors.push({ PartitionValues: values(item), ErrorDetail: { ErrorCode: e.code, ErrorMessage: e.message } });
    }
  }
  return { Errors };
}

function page<T, R>(all: T[], token: string | undefined, max: number, shape: (items: T[], next: string | undefined) => R): R {
  const offset = token ? Number(token) : 0;
  const size = Math.min(Math.max(1, max), PAGE);
  return shape(all.slice(offset, offset + size), offset + size < all.length ? String(offset + size) : undefined);
}
