import type { PartitionInput, TableInput } from '@aws-sdk/client-glue';
import type { Relation } from '../../../core/relation.js';
import type { GlueApi } from '../aws/clients.js';
import { withRetry, type RetryPolicy } from '../query/retry-policy.js';
import { tableInputFrom, type GluePartition, type GlueTable } from './glue-table.js';

/** Glue limits per batch call. */
const CREATE_BATCH = 100;
const UPDATE_BATCH = 100;
const DELETE_BATCH = 25;

/**
 * The Glue catalog behind Athena's AwsDataCatalog: lookups that cost nothing (unlike an
 * information_schema query) and the metadata-only changes keel's swaps are made of. Every
 * call is retried when throttled.
 */
export class GlueCatalog {
  constructor(
    private readonly api: GlueApi,
    private readonly policy: RetryPolicy,
  ) {}

  async getTable(rel: Relation): Promise<GlueTable | null> {
    try {
      const out = await this.call(() => this.api.getTable({ DatabaseName: glueName(rel.schema), Name: glueName(rel.identifier) }));
      return out.Table ?? null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async listTables(schema: string): Promise<GlueTable[]> {
    const tables: GlueTable[] = [];
    let NextToken: string | undefined;
    try {
      do {
        const out = await this.call(() => this.api.getTables({ DatabaseName: glueName(schema), NextToken }));
        tables.push(...(out.TableList ?? []));
        NextToken = out.NextToken;
      } while (NextToken);
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
    return tables;
  }

  /** Gives `target` the definition of `source` in one call: readers see one or the other. */
  async copyDefinition(source: GlueTable, target: Relation, targetExists: boolean): Promise<void> {
    const TableInput = tableInputFrom(source, glueName(target.identifier));
    const DatabaseName = glueName(target.schema);
    if (targetExists) await this.call(() => this.api.updateTable({ DatabaseName, TableInput, SkipArchive: true }));
    else await this.call(() => this.api.createTable({ DatabaseName, TableInput }));
  }

  async ensureDatabase(name: string): Promise<void> {
    try {
      await this.call(() => this.api.createDatabase({ DatabaseInput: { Name: glueName(name) } }));
    } catch (e) {
      if (!(e instanceof Error && e.name === 'AlreadyExistsException')) throw e;
    }
  }

  /** Fails with AlreadyExistsException when the name is taken: Glue's conditional create. */
  async createTable(rel: Relation, input: TableInput): Promise<void> {
    await this.call(() => this.api.createTable({ DatabaseName: glueName(rel.schema), TableInput: { ...input, Name: glueName(rel.identifier) } }));
  }

  /** With `versionId`, fails with ConcurrentModificationException when someone changed the table since. */
  async updateTable(rel: Relation, input: TableInput, versionId?: string): Promise<void> {
    await this.call(() =>
      this.api.updateTable({ DatabaseName: glueName(rel.schema), TableInput: { ...input, Name: glueName(rel.identifier) }, VersionId: versionId }),
    );
  }

  /** Removes the catalog entry only; Glue never deletes data in S3. */
  async deleteTable(rel: Relation): Promise<void> {
    try {
      await this.call(() => this.api.deleteTable({ DatabaseName: glueName(rel.schema), Name: glueName(rel.identifier) }));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async partitions(rel: Relation): Promise<GluePartition[]> {
    const partitions: GluePartition[] = [];
    let NextToken: string | undefined;
    do {
      const out = await this.call(() => this.api.getPartitions({ DatabaseName: glueName(rel.schema), TableName: glueName(rel.identifier), NextToken }));
      partitions.push(...(out.Partitions ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    return partitions;
  }

  async createPartitions(rel: Relation, inputs: PartitionInput[]): Promise<void> {
    for (const chunk of chunks(inputs, CREATE_BATCH)) {
      const out = await this.call(() =>
        this.api.batchCreatePartition({ DatabaseName: glueName(rel.schema), TableName: glueName(rel.identifier), PartitionInputList: chunk }),
      );
      throwOnErrors('create partitions of', rel, out.Errors);
    }
  }

  async updatePartitions(rel: Relation, inputs: PartitionInput[]): Promise<void> {
    for (const chunk of chunks(inputs, UPDATE_BATCH)) {
      const Entries = chunk.map((p) => ({ PartitionValueList: p.Values ?? [], PartitionInput: p }));
      const out = await this.call(() => this.api.batchUpdatePartition({ DatabaseName: glueName(rel.schema), TableName: glueName(rel.identifier), Entries }));
      throwOnErrors('update partitions of', rel, out.Errors);
    }
  }

  async deletePartitions(rel: Relation, values: string[][]): Promise<void> {
    for (const chunk of chunks(values, DELETE_BATCH)) {
      const PartitionsToDelete = chunk.map((Values) => ({ Values }));
      const out = await this.call(() =>
        this.api.batchDeletePartition({ DatabaseName: glueName(rel.schema), TableName: glueName(rel.identifier), PartitionsToDelete }),
      );
      throwOnErrors('delete partitions of', rel, out.Errors);
    }
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, this.policy);
  }
}

/** Glue stores names in lower case and looks them up that way. */
export function glueName(name: string): string {
  return name.toLowerCase();
}

function isNotFound(e: unknown): boolean {
  return e instanceof Error && e.name === 'EntityNotFoundException';
}

function throwOnErrors(what: string, rel: Relation, errors: Array<{ ErrorDetail?: { ErrorCode?: string; ErrorMessage?: string } }> | undefined): void {
  if (!errors?.length) return;
  const first = errors[0]!.ErrorDetail;
  throw new Error(
    `Glue could not ${what} ${rel.schema}.${rel.identifier}: ${first?.ErrorCode ?? ''} ${first?.ErrorMessage ?? ''} (${errors.length} failed)`.trim(),
  );
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
