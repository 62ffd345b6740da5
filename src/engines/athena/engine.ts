import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import type { ExistingRelation, Relation, RelationType } from '../../core/relation.js';
import type {
  BuildStepOptions,
  ColumnInfo,
  CompiledSql,
  Engine,
  ExecuteOptions,
  IncrementalStep,
  LockAttempt,
  LockHolder,
  QueryResult,
  Replacement,
} from '../engine.js';
import { athenaCapabilities } from './capabilities.js';
import { athenaDefinition } from './definition.js';
import { athenaSyncSql } from './sync-sql.js';
import { createAwsApis, type AwsApis } from './aws/clients.js';
import { tryAcquireGlueLock } from './build-lock.js';
import { DataStorage } from './catalog/data-storage.js';
import { GlueCatalog } from './catalog/glue-catalog.js';
import { relationType, tableColumns } from './catalog/glue-table.js';
import { AthenaDialect } from './dialect.js';
import { AthenaKyselyDialect } from './kysely/athena-kysely-dialect.js';
import { AthenaQueryRunner } from './query/query-runner.js';
import type { RetryPolicy } from './query/retry-policy.js';
import type { AthenaOps, StepOptions } from './relations/athena-ops.js';
import { applyIncremental } from './relations/apply-incremental.js';
import { createTableAs } from './relations/create-table-as.js';
import { dropSideRelation } from './relations/drop-side-relation.js';
import { createTableWithRows } from './relations/load-rows.js';
import { replaceRelation } from './relations/replace-relation.js';
import { prepareRetry } from './relations/retry-safety.js';
import type { AthenaSettings } from './settings.js';

export interface AthenaEngineDeps {
  /** the AWS clients; tests may pass their own */
  createApis?: (settings: AthenaSettings) => AwsApis;
  /** jitter source for backoff */
  random?: () => number;
  /** the run's invocation id (run_results.json), so request tokens name the run; a fresh one when absent */
  invocationId?: string;
}

interface Connected {
  apis: AwsApis;
  runner: AthenaQueryRunner;
  ops: AthenaOps;
}

/**
 * Athena through the AWS SDK: SQL through the Athena API, catalog lookups and swaps through
 * Glue, cleanup of replaced data through S3. Athena has no sessions, so "open" only creates
 * the clients; concurrency is the runner's threads.
 */
export class AthenaEngine implements Engine {
  readonly type = 'athena' as const;
  readonly definition = athenaDefinition;
  readonly capabilities = athenaCapabilities;
  readonly syncSql = athenaSyncSql;
  readonly db: Kysely<any>;
  readonly dialect: AthenaDialect;
  /** part of every ClientRequestToken: a resend within this run reuses its query, the next run starts anew */
  readonly invocationId: string;
  /** statements run per node label; kept across close/open so a reopened engine never reuses a token of this invocation */
  private readonly statementsByLabel = new Map<string, number>();
  private connected: Connected | null = null;

  constructor(
    readonly settings: AthenaSettings,
    private readonly deps: AthenaEngineDeps = {},
  ) {
    this.invocationId = deps.invocationId ?? randomUUID();
    this.db = new Kysely<any>({ dialect: new AthenaKyselyDialect({ run: (sql) => this.execute(sql) }) });
    this.dialect = new AthenaDialect({ dataDir: settings.dataDir, tableType: settings.tableType }, this.db);
  }

  async open(): Promise<void> {
    if (this.connected) return;
    const apis = (this.deps.createApis ?? createAwsApis)(this.settings);
    const random = this.deps.random ?? Math.random;
    const policy: RetryPolicy = { maxRetries: this.settings.maxRetries, baseMs: this.settings.retryBaseMs, maxMs: this.settings.retryMaxMs, random };
    const runner = new AthenaQueryRunner(apis.athena, this.settings, this.invocationId, random, this.statementsByLabel);
    const ops: AthenaOps = {
      settings: this.settings,
      dialect: this.dialect,
      glue: new GlueCatalog(apis.glue, policy),
      storage: new DataStorage(apis.s3, policy),
      run: (sql, opts) =>
        runner.run((attempt) => {
          const text = typeof sql === 'function' ? sql(attempt) : sql;
          opts.log?.(text);
          return text;
        }, opts),
    };
    this.connected = { apis, runner, ops };
  }

  async close(): Promise<void> {
    this.connected?.apis.destroy();
    this.connected = null;
  }

  execute(sql: string, opts: ExecuteOptions = {}): Promise<QueryResult> {
    const { runner, ops } = this.open_();
    return runner.run(sql, { ...opts, beforeRetry: (error) => prepareRetry(ops, sql, error) });
  }

  /** Rows page by page as GetQueryResults returns them (1,000 at a time), never all at once. */
  async *streamBatches(query: CompiledSql, opts: ExecuteOptions = {}): AsyncIterable<Record<string, unknown>[]> {
    // the Athena query compiler writes values into the text: a compiled query has no parameters
    for await (const page of this.open_().runner.pages(query.sql, opts)) if (page.rows.length) yield page.rows;
  }

  /**
   * Athena has no transactions: the statements run one after the other, and a failure leaves
   * the earlier ones done. keel's materializations do not rely on it on Athena: they use the
   * build steps below, each safe on its own.
   */
  async transaction(statements: string[], opts: ExecuteOptions = {}): Promise<QueryResult[]> {
    const results: QueryResult[] = [];
    for (const s of statements) results.push(await this.execute(s, opts));
    return results;
  }

  async ensureSchema(schema: string): Promise<void> {
    await this.execute(this.dialect.createSchema(schema));
  }

  async getRelation(rel: Relation): Promise<ExistingRelation | null> {
    const table = await this.open_().ops.glue.getTable(rel);
    return table ? { ...rel, type: relationType(table) } : null;
  }

  async listRelations(schema: string): Promise<ExistingRelation[]> {
    const tables = await this.open_().ops.glue.listTables(schema);
    return tables.map((t) => ({ schema, identifier: t.Name ?? '', type: relationType(t) }));
  }

  async getColumns(rel: Relation): Promise<ColumnInfo[]> {
    const table = await this.open_().ops.glue.getTable(rel);
    return table ? tableColumns(table) : [];
  }

  createTableAs(rel: Relation, selectSql: string, opts: BuildStepOptions = {}): Promise<QueryResult> {
    return createTableAs(this.open_().ops, rel, selectSql, opts as StepOptions);
  }

  replaceRelation(replacement: Replacement, opts: BuildStepOptions = {}): Promise<void> {
    return replaceRelation(this.open_().ops, replacement.live, replacement.built, opts);
  }

  dropRelation(rel: Relation, _type: RelationType, opts: BuildStepOptions = {}): Promise<void> {
    return dropSideRelation(this.open_().ops, rel, opts);
  }

  applyIncremental(step: IncrementalStep, opts: BuildStepOptions = {}): Promise<QueryResult> {
    return applyIncremental(this.open_().ops, step, opts);
  }

  createTableWithRows(rel: Relation, columns: ColumnInfo[], rows: (string | null)[][], opts: BuildStepOptions = {}): Promise<QueryResult> {
    return createTableWithRows(this.open_().ops, rel, columns, rows, opts);
  }

  /** A Glue catalog entry per target schema (build-lock.ts). */
  tryAcquireLock(holder: LockHolder, opts: { maxAgeSeconds: number }): Promise<LockAttempt> {
    return tryAcquireGlueLock(this.open_().ops.glue, this.settings.schema, this.settings.dataDir, holder, opts.maxAgeSeconds);
  }

  private open_(): Connected {
    if (!this.connected) throw new Error('the Athena engine is not open');
    return this.connected;
  }
}
