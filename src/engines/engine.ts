import type { Kysely } from 'kysely';
import type { ExistingRelation, Relation } from '../core/relation.js';
import type { Dialect } from './dialect.js';

export interface ColumnInfo {
  name: string;
  /** engine type name, upper case (VARCHAR, BIGINT, TIMESTAMP, ...) */
  type: string;
}

/** What a statement cost, where the engine reports it (Athena: bytes scanned and dollars). */
export interface QueryStats {
  bytesScanned?: number;
  engineMs?: number;
  costUsd?: number;
}

export interface QueryResult {
  columns: ColumnInfo[];
  rows: Record<string, unknown>[];
  /** rows inserted/updated/deleted, when the engine reports it */
  rowsAffected?: number;
  stats?: QueryStats;
}

export interface ExecuteOptions {
  /** aborts the running statement on the engine (Ctrl-C, timeout) */
  signal?: AbortSignal;
  /** node uniqueId, used for logging, idempotency tokens and stats */
  label?: string;
}

/**
 * One warehouse connection pool. Engines never see templates: they run SQL strings
 * produced by the compiler (models) and by the dialect's Kysely instance (keel's own SQL).
 */
export interface Engine {
  readonly type: 'duckdb' | 'athena' | 'redshift';
  readonly dialect: Dialect;
  /** Kysely instance over this engine's driver, for keel's own queries (introspection, tests, state tables). */
  readonly db: Kysely<any>;

  open(): Promise<void>;
  close(): Promise<void>;

  execute(sql: string, opts?: ExecuteOptions): Promise<QueryResult>;
  /** Runs the statements atomically: all or none are visible afterwards. */
  transaction(statements: string[], opts?: ExecuteOptions): Promise<QueryResult[]>;

  ensureSchema(schema: string, database?: string): Promise<void>;
  getRelation(rel: Relation): Promise<ExistingRelation | null>;
  listRelations(schema: string, database?: string): Promise<ExistingRelation[]>;
  getColumns(rel: Relation): Promise<ColumnInfo[]>;
}
