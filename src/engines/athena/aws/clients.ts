import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryExecutionCommandInput,
  type GetQueryExecutionCommandOutput,
  type GetQueryResultsCommandInput,
  type GetQueryResultsCommandOutput,
  type StartQueryExecutionCommandInput,
  type StartQueryExecutionCommandOutput,
  type StopQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GlueClient,
  UpdateTableCommand,
  type BatchCreatePartitionRequest,
  type BatchDeletePartitionRequest,
  type BatchUpdatePartitionRequest,
  type CreateDatabaseRequest,
  type CreateTableRequest,
  type DeleteTableRequest,
  type GetPartitionsRequest,
  type GetPartitionsResponse,
  type GetTableRequest,
  type GetTableResponse,
  type GetTablesRequest,
  type GetTablesResponse,
  type UpdateTableRequest,
} from '@aws-sdk/client-glue';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
  type DeleteObjectsCommandInput,
  type DeleteObjectsCommandOutput,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import type { AthenaSettings } from '../settings.js';

/** The Athena calls keel makes; one method per API action. */
export interface AthenaApi {
  startQueryExecution(input: StartQueryExecutionCommandInput): Promise<StartQueryExecutionCommandOutput>;
  getQueryExecution(input: GetQueryExecutionCommandInput): Promise<GetQueryExecutionCommandOutput>;
  getQueryResults(input: GetQueryResultsCommandInput): Promise<GetQueryResultsCommandOutput>;
  stopQueryExecution(input: StopQueryExecutionCommandInput): Promise<unknown>;
}

/** The Glue catalog calls keel makes: table lookups and the metadata-only swaps SQL cannot do. */
export interface GlueApi {
  createDatabase(input: CreateDatabaseRequest): Promise<unknown>;
  getTable(input: GetTableRequest): Promise<GetTableResponse>;
  getTables(input: GetTablesRequest): Promise<GetTablesResponse>;
  createTable(input: CreateTableRequest): Promise<unknown>;
  updateTable(input: UpdateTableRequest): Promise<unknown>;
  deleteTable(input: DeleteTableRequest): Promise<unknown>;
  getPartitions(input: GetPartitionsRequest): Promise<GetPartitionsResponse>;
  batchCreatePartition(input: BatchCreatePartitionRequest): Promise<{ Errors?: Array<{ ErrorDetail?: { ErrorCode?: string; ErrorMessage?: string } }> }>;
  batchUpdatePartition(input: BatchUpdatePartitionRequest): Promise<{ Errors?: Array<{ ErrorDetail?: { ErrorCode?: string; ErrorMessage?: string } }> }>;
  batchDeletePartition(input: BatchDeletePartitionRequest): Promise<{ Errors?: Array<{ ErrorDetail?: { ErrorCode?: string; ErrorMessage?: string } }> }>;
}

/** The S3 calls keel makes: listing and deleting data that no table references any more. */
export interface S3Api {
  listObjectsV2(input: ListObjectsV2CommandInput): Promise<ListObjectsV2CommandOutput>;
  deleteObjects(input: DeleteObjectsCommandInput): Promise<DeleteObjectsCommandOutput>;
}

export interface AwsApis {
  athena: AthenaApi;
  glue: GlueApi;
  s3: S3Api;
  destroy(): void;
}

/**
 * The AWS SDK clients. This module is only loaded with the Athena engine (registry.ts imports it
 * lazily), so `keel compile` and DuckDB runs never pay for the SDKs. Credentials come from the
 * SDK's default chain (env, profile, SSO, instance role). `maxAttempts: 1`: keel retries itself
 * (query/retry-policy.ts), with one policy for every call and the same ClientRequestToken on every resend.
 */
export function createAwsApis(settings: AthenaSettings): AwsApis {
  const common = { region: settings.region, maxAttempts: 1, ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) };
  const athena = new AthenaClient(common);
  const glue = new GlueClient(common);
  const s3 = new S3Client({
    ...common,
    // a custom endpoint (a local S3) has no bucket subdomains
    forcePathStyle: Boolean(settings.endpoint),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    athena: {
      startQueryExecution: (input) => athena.send(new StartQueryExecutionCommand(input)),
      getQueryExecution: (input) => athena.send(new GetQueryExecutionCommand(input)),
      getQueryResults: (input) => athena.send(new GetQueryResultsCommand(input)),
      stopQueryExecution: (input) => athena.send(new StopQueryExecutionCommand(input)),
    },
    glue: {
      createDatabase: (input) => glue.send(new CreateDatabaseCommand(input)),
      getTable: (input) => glue.send(new GetTableCommand(input)),
      getTables: (input) => glue.send(new GetTablesCommand(input)),
      createTable: (input) => glue.send(new CreateTableCommand(input)),
      updateTable: (input) => glue.send(new UpdateTableCommand(input)),
      deleteTable: (input) => glue.send(new DeleteTableCommand(input)),
      getPartitions: (input) => glue.send(new GetPartitionsCommand(input)),
      batchCreatePartition: (input) => glue.send(new BatchCreatePartitionCommand(input)),
      batchUpdatePartition: (input) => glue.send(new BatchUpdatePartitionCommand(input)),
      batchDeletePartition: (input) => glue.send(new BatchDeletePartitionCommand(input)),
    },
    s3: {
      listObjectsV2: (input) => s3.send(new ListObjectsV2Command(input)),
      deleteObjects: (input) => s3.send(new DeleteObjectsCommand(input)),
    },
    destroy() {
      athena.destroy();
      glue.destroy();
      s3.destroy();
    },
  };
}
