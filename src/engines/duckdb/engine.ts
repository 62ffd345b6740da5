import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBDataChunk } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import type { ExistingRelation, Relation, RelationType } from '../../core/relation.js';
import type { BuildStepOptions, ColumnInfo, CompiledSql, Engine, ExecuteOptions, IncrementalStep, QueryResult, Replacement } from '../engine.js';
import * as steps from '../transactional-steps.js';
import { duckdbCapabilities } from './capabilities.js';
import { duckdbDefinition } from './definition.js';
import { duckdbSyncSql } from './sync-sql.js';
import { DuckDBConnectionPool } from './connection-pool.js';
import { prepareDatabaseFolder } from './database-folder.js';
import { openError } from './open-error.js';
import { DuckDBDialect } from './dialect.js';
import type { InformationSchema } from './information-schema.js';
import { findRelation, listColumns, listRelations } from './introspection.js';
import type { CsvSource } from '../csv-load.js';
import { loadCsvDuckDB } from './load-csv.js';
import { DuckDBKyselyDialect } from './kysely/duckdb-dialect.js';
import { runStatement } from './run-statement.js';
import { toDuckDBValue, toJsValue } from './values.js';

export interface DuckDBEngineConfig {
  /** database file, already resolved by the caller, or ':memory:' */
  path: string;
  /** target schema: created on open and the default for unqualified names (default 'main') */
  schema?: string;
  /** connections in the pool, i.e. statements running at once (default 4) */
  threads?: number;
  /** DuckDB's memory_limit (default DEFAULT_MEMORY_LIMIT for a file, DuckDB's own in memory): beyond it, operators spill to tempDirectory */
  memoryLimit?: string;
  /** where DuckDB spills (default: the database path + '.tmp', or one under the OS temp folder for ':memory:') */
  tempDirectory?: string;
}

const DEFAULT_THREADS = 4;
/**
 * A database file is bounded by default, so a build at scale spills rather than taking the
 * machine's memory. An in-memory database keeps its tables in that memory, so a cap meant for
 * spilling would cap the data itself: it gets DuckDB's own default unless one is set.
 */
export const DEFAULT_MEMORY_LIMIT = '1GB';

export class DuckDBEngine implements Engine {
  readonly type = 'duckdb' as const;
  readonly definition = duckdbDefinition;
  readonly capabilities = duckdbCapabilities;
  readonly syncSql = duckdbSyncSql;
  readonly db: Kysely<any>;
  readonly dialect: DuckDBDialect;
  readonly path: string;
  readonly schema: string;
  readonly threads: number;
  readonly memoryLimit: string | undefined;
  readonly tempDirectory: string;
  private pool: DuckDBConnectionPool | null = null;

  constructor(config: DuckDBEngineConfig) {
    this.path = config.path;
    this.schema = config.schema ?? 'main';
    this.threads = config.threads ?? DEFAULT_THREADS;
    this.memoryLimit = config.memoryLimit ?? (this.path === ':memory:' ? undefined : DEFAULT_MEMORY_LIMIT);
    this.tempDirectory = config.tempDirectory ?? (this.path === ':memory:' ? path.join(os.tmpdir(), `keel-duckdb-${process.pid}.tmp`) : `${this.path}.tmp`);
    // one Kysely instance for the engine's life: its driver asks for the pool of the current open()
    this.db = new Kysely<any>({ dialect: new DuckDBKyselyDialect({ pool: () => this.openPool() }) });
    this.dialect = new DuckDBDialect(this.db);
  }

  async open(): Promise<void> {
    if (this.pool) return;
    if (this.path !== ':memory:') prepareDatabaseFolder(path.dirname(this.path), this.path);
    const instance = await DuckDBInstance.create(this.path, {
      ...(this.memoryLimit && { memory_limit: this.memoryLimit }),
      temp_directory: this.tempDirectory,
    }).catch((e: unknown) => Promise.reject(openError(e, this.path)));
    try {
      await this.createTargetSchema(instance);
    } catch (e) {
      instance.closeSync();
      throw e;
    }
    this.pool = new DuckDBConnectionPool(instance, this.threads, (c) => this.useTargetSchema(c));
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    pool?.close();
  }

  async execute(sql: string, opts: ExecuteOptions = {}): Promise<QueryResult> {
    return this.openPool().use((connection) => runStatement(connection, sql, opts.signal));
  }

  /** One DuckDB data chunk (2048 rows) per batch; the connection is held until the caller stops iterating. */
  async *streamBatches(query: CompiledSql, opts: ExecuteOptions = {}): AsyncIterable<Record<string, unknown>[]> {
    const pool = this.openPool();
    const connection = await pool.acquire();
    try {
      const params = query.parameters.length ? query.parameters.map(toDuckDBValue) : undefined;
      const result = await connection.stream(query.sql, params);
      const names = result.deduplicatedColumnNames();
      // DuckDB computes the next chunk on the thread pool while this one is converted and consumed
      let next = result.fetchChunk();
      next.catch(() => {});
      try {
        for (let chunk = await next; chunk && chunk.rowCount > 0; chunk = await next) {
          if (opts.signal?.aborted) throw new Error('query aborted', { cause: opts.signal.reason });
          next = result.fetchChunk();
          next.catch(() => {});
          yield rowObjects(chunk, names);
        }
      } finally {
        // the connection goes back to the pool only once no fetch is running on it
        await next.catch(() => null);
      }
    } finally {
      pool.release(connection);
    }
  }

  /** BEGIN … COMMIT on one connection held for the whole transaction; ROLLBACK and rethrow on any failure. */
  async transaction(statements: string[], opts: ExecuteOptions = {}): Promise<QueryResult[]> {
    return this.openPool().use(async (connection) => {
      await runStatement(connection, 'begin transaction', opts.signal);
      try {
        const results: QueryResult[] = [];
        for (const statement of statements) results.push(await runStatement(connection, statement, opts.signal));
        await runStatement(connection, 'commit');
        return results;
      } catch (e) {
        // fails harmlessly when DuckDB already ended the transaction (a failed COMMIT rolls back)
        await connection.run('rollback').catch(() => {});
        throw e;
      }
    });
  }

  loadCsv(rel: Relation, source: CsvSource, columns: ColumnInfo[], opts?: BuildStepOptions): Promise<QueryResult> {
    return loadCsvDuckDB(this, rel, source, columns, opts);
  }

  async ensureSchema(schema: string, database?: string): Promise<void> {
    await this.execute(this.dialect.createSchema(schema, database));
  }

  getRelation(rel: Relation): Promise<ExistingRelation | null> {
    return findRelation(this.informationSchema(), rel);
  }

  listRelations(schema: string, database?: string): Promise<ExistingRelation[]> {
    return listRelations(this.informationSchema(), schema, database);
  }

  getColumns(rel: Relation): Promise<ColumnInfo[]> {
    return listColumns(this.informationSchema(), rel);
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

  private informationSchema(): Kysely<InformationSchema> {
    return this.db;
  }

  private openPool(): DuckDBConnectionPool {
    if (!this.pool) throw new Error(`the DuckDB engine for ${this.path} is not open`);
    return this.pool;
  }

  private async createTargetSchema(instance: DuckDBInstance): Promise<void> {
    const connection = await instance.connect();
    try {
      await connection.run(this.dialect.createSchema(this.schema));
    } finally {
      connection.closeSync();
    }
  }

  private async useTargetSchema(connection: DuckDBConnection): Promise<void> {
    await connection.run(`set schema = ${this.dialect.literal(this.schema)}`);
    // keel's times are UTC: TIMESTAMPTZ casts, dates and windows must not follow the machine's zone
    await connection.run(`set TimeZone = 'UTC'`);
  }
}

/** A chunk's rows as objects; its native memory (strings included) is freed at once rather than when the GC finalizes it. */
function rowObjects(chunk: DuckDBDataChunk, names: string[]): Record<string, unknown>[] {
  const columns = chunk.convertColumns(toJsValue);
  chunk.reset();
  const rows = new Array<Record<string, unknown>>(columns[0]?.length ?? 0);
  for (let r = 0; r < rows.length; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![r];
    rows[r] = row;
  }
  return rows;
}
