import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { Kysely } from 'kysely';
import type { ExistingRelation, Relation, RelationType } from '../../core/relation.js';
import type { BuildStepOptions, ColumnInfo, Engine, ExecuteOptions, IncrementalStep, LockAttempt, LockHolder, QueryResult, Replacement } from '../engine.js';
import * as steps from '../transactional-steps.js';
import { redshiftCapabilities } from './capabilities.js';
import { redshiftDefinition } from './definition.js';
import { redshiftSyncSql } from './sync-sql.js';
import { buildLockStatements, lockHolderOf } from './build-lock.js';
import type { RedshiftEngineConfig } from './config.js';
import { createDataClient } from './data-api/client.js';
import type { ConnectionParams } from './data-api/connection.js';
import { SessionPool } from './data-api/session-pool.js';
import { StatementSlots } from './data-api/statement-slots.js';
import { StatementRunner } from './data-api/statements.js';
import { RedshiftDialect } from './dialect.js';
import { findRelation, listColumns, listRelations } from './introspection.js';
import { RedshiftKyselyDialect } from './kysely/redshift-dialect.js';
import type { RedshiftSystemTables } from './system-tables.js';
import type { CsvSource } from '../csv-load.js';
import { loadCsvRedshift } from './load-csv.js';

/** BatchExecuteStatement takes at most this many statements. */
const MAX_BATCH_STATEMENTS = 40;
const SLOW_SEEDS =
  'seeds on this Redshift target are loaded with INSERT statements from keel (the whole file in memory, 500 rows a statement: hours for large seeds); set s3_staging_dir and iam_role on the target to load them with COPY from S3';
const DEFAULTS = { pollIntervalMs: 200, sessionKeepAliveSeconds: 60, maxAttempts: 15, maxConcurrentStatements: 4 };

/**
 * Redshift (provisioned or Serverless) through the Data API: every statement is an HTTP call,
 * so there are no connections to pool. A transaction is one BatchExecuteStatement, which the
 * service runs as a single transaction; longer ones run in a Data API session.
 */
export class RedshiftEngine implements Engine {
  readonly type = 'redshift' as const;
  readonly definition = redshiftDefinition;
  readonly capabilities = redshiftCapabilities;
  readonly syncSql = redshiftSyncSql;
  readonly db: Kysely<any>;
  readonly dialect: RedshiftDialect;
  private client: RedshiftDataClient | null = null;
  private runner: StatementRunner | null = null;
  private readonly sessions: SessionPool;
  /** COPY from S3, when the target names a staging location and a role (else seeds are INSERTed) */
  readonly loadCsv?: (rel: Relation, source: CsvSource, columns: ColumnInfo[], opts?: BuildStepOptions) => Promise<QueryResult>;
  readonly seedLoadWarning?: string;
  /** build locks taken and not yet released: their release still needs the client after close() */
  private locksHeld = 0;

  constructor(
    readonly config: RedshiftEngineConfig,
    /** --debug output (retries) */
    private readonly log: (message: string) => void = () => {},
  ) {
    this.sessions = new SessionPool(config.sessionKeepAliveSeconds ?? DEFAULTS.sessionKeepAliveSeconds);
    this.db = new Kysely<any>({
      dialect: new RedshiftKyselyDialect({ runner: () => this.openRunner(), sessions: () => this.sessions }),
    });
    this.dialect = new RedshiftDialect(this.db);
    if (config.staging) this.loadCsv = (rel, source, columns, opts) => loadCsvRedshift(this, rel, source, columns, opts);
    else this.seedLoadWarning = SLOW_SEEDS;
  }

  async open(): Promise<void> {
    if (this.runner) return;
    const client = createDataClient(this.config);
    const pollIntervalMs = this.config.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
    this.client = client;
    this.runner = new StatementRunner(client, {
      connection: connectionParams(this.config),
      slots: new StatementSlots(this.config.maxConcurrentStatements ?? DEFAULTS.maxConcurrentStatements),
      retry: { maxAttempts: this.config.maxAttempts ?? DEFAULTS.maxAttempts, baseMs: pollIntervalMs, capMs: pollIntervalMs * 20 },
      pollIntervalMs,
      maxPollIntervalMs: pollIntervalMs * 10,
      timeoutMs: this.config.queryTimeoutSeconds === undefined ? undefined : this.config.queryTimeoutSeconds * 1000,
      onRetry: this.log,
    });
    try {
      await this.ensureSchema(this.config.schema);
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    this.runner = null;
    this.sessions.clear();
    if (this.locksHeld === 0) this.destroyClient();
  }

  execute(sql: string, opts: ExecuteOptions = {}): Promise<QueryResult> {
    return this.openRunner().execute(sql, { signal: opts.signal, label: opts.label });
  }

  /** One BatchExecuteStatement (a single transaction on the service), or a session for more statements than a batch takes. */
  async transaction(statements: string[], opts: ExecuteOptions = {}): Promise<QueryResult[]> {
    if (!statements.length) return [];
    const runner = this.openRunner();
    if (statements.length === 1) return [await runner.execute(statements[0]!, opts)];
    if (statements.length <= MAX_BATCH_STATEMENTS) return runner.batch(statements, opts);
    return this.sessionTransaction(runner, statements, opts);
  }

  /** Schemas are created in the connected database: Redshift runs DDL only there. */
  async ensureSchema(schema: string): Promise<void> {
    await this.execute(this.dialect.createSchema(schema));
  }

  getRelation(rel: Relation): Promise<ExistingRelation | null> {
    return findRelation(this.systemTables(), rel);
  }

  listRelations(schema: string, database?: string): Promise<ExistingRelation[]> {
    return listRelations(this.systemTables(), schema, database);
  }

  getColumns(rel: Relation): Promise<ColumnInfo[]> {
    return listColumns(this.systemTables(), rel);
  }

  createTableAs(rel: Relation, selectSql: string, opts?: BuildStepOptions): Promise<QueryResult> {
    return steps.createTableAs(this, rel, selectSql, opts);
  }

  replaceRelation(replacement: Replacement, opts?: BuildStepOptions): Promise<void> {
    return steps.replaceRelation(this, replacement, opts);
  }

  dropRelation(rel: Relation, type: RelationType, opts?: BuildStepOptions): Promise<void> {
    return steps.dropRelation(this, rel, type, opts);
  }

  applyIncremental(step: IncrementalStep, opts?: BuildStepOptions): Promise<QueryResult> {
    return steps.applyIncremental(this, step, opts);
  }

  /**
   * Keeps two keel builds off this target: a row in keel_meta.keel_build_lock (build-lock.ts).
   * The release may come after close(): it keeps the runner it was taken with.
   */
  async tryAcquireLock(holder: LockHolder, opts: { maxAgeSeconds: number }): Promise<LockAttempt> {
    const runner = this.openRunner();
    const { acquire, release } = buildLockStatements(this.db, this.config.schema, holder, opts.maxAgeSeconds);
    const current = lockHolderOf((await runner.batch(acquire, { label: `keel build lock ${holder.invocationId}` })).at(-1));
    if (current?.invocationId !== holder.invocationId) return { acquired: false, holder: current };
    this.locksHeld++;
    let released = false;
    return {
      acquired: true,
      release: async () => {
        if (released) return;
        released = true;
        try {
          await runner.execute(release);
        } finally {
          if (--this.locksHeld === 0 && !this.runner) this.destroyClient();
        }
      },
    };
  }

  private async sessionTransaction(runner: StatementRunner, statements: string[], opts: ExecuteOptions): Promise<QueryResult[]> {
    const session = this.sessions.acquire();
    const inSession = { ...opts, session };
    try {
      await runner.execute('begin', inSession);
      const results: QueryResult[] = [];
      for (const statement of statements) results.push(await runner.execute(statement, inSession));
      await runner.execute('commit', inSession);
      this.sessions.release(session);
      return results;
    } catch (e) {
      // without a signal: an interrupted build must still end the transaction it opened
      await runner.execute('rollback', { session }).catch(() => {});
      this.sessions.release(session, true);
      throw e;
    }
  }

  private destroyClient(): void {
    this.client?.destroy();
    this.client = null;
  }

  private systemTables(): Kysely<RedshiftSystemTables> {
    return this.db;
  }

  private openRunner(): StatementRunner {
    if (!this.runner) throw new Error(`the Redshift engine for ${this.config.database} is not open`);
    return this.runner;
  }
}

function connectionParams(config: RedshiftEngineConfig): ConnectionParams {
  return {
    Database: config.database,
    ...(config.clusterIdentifier ? { ClusterIdentifier: config.clusterIdentifier } : {}),
    ...(config.dbUser ? { DbUser: config.dbUser } : {}),
    ...(config.workgroupName ? { WorkgroupName: config.workgroupName } : {}),
    ...(config.secretArn ? { SecretArn: config.secretArn } : {}),
  };
}
