import type { Kysely } from 'kysely';
import type { ExistingRelation, Relation, RelationType } from '../core/relation.js';
import type { EngineCapabilities } from './capabilities.js';
import type { EngineDefinition } from './definition.js';
import type { StatementSql, TableOptions } from './statement-sql.js';
import type { EngineType } from './engine-type.js';
import type { SyncSql } from './sync-sql.js';
import type { CsvSource } from './csv-load.js';

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

/** Options of a build step an engine runs (createTableAs, replaceRelation, ...). */
export interface BuildStepOptions extends ExecuteOptions, TableOptions {
  /** records each statement or catalog call the step makes (--debug, tests) */
  log?: (statement: string) => void;
}

/** Staged rows to apply to a live table: what `Engine.applyIncremental` gets. */
export interface IncrementalStep {
  strategy: string;
  target: Relation;
  staged: Relation;
  uniqueKey: string[];
  /** the staged table's columns, all present in the target */
  columns: string[];
  /** the node's config: partitions, incremental_predicates, table properties */
  config: Record<string, unknown>;
}

/** One relation put in place of another by `Engine.replaceRelation`. */
export interface Replacement {
  live: Relation;
  /** what the live name holds now; null when nothing yet */
  liveType: RelationType | null;
  /** built beside it, gone afterwards */
  built: Relation;
  builtType: RelationType;
}

/** Who holds a target's build lock; stored where another keel process can read it. */
export interface LockHolder {
  pid: number;
  host: string;
  invocationId: string;
  command: string;
  /** ISO timestamp */
  startedAt: string;
}

/** One attempt to take a target's build lock; when busy, who has it (if that can be read). */
export type LockAttempt = { acquired: true; release(): Promise<void> } | { acquired: false; holder?: LockHolder };

/**
 * One warehouse connection pool. Engines never see templates: they run SQL strings
 * produced by the compiler (models) and by the dialect's Kysely instance (keel's own SQL).
 */
export interface Engine {
  readonly type: EngineType;
  /** the engine's driver-free description: capabilities, quoting, analytics SQL, target files */
  readonly definition: EngineDefinition;
  readonly capabilities: EngineCapabilities;
  readonly dialect: StatementSql;
  /** what `keel sync` spells differently on this engine */
  readonly syncSql: SyncSql;
  /** Kysely instance over this engine's driver, for keel's own queries (introspection, tests, state tables). */
  readonly db: Kysely<any>;

  open(): Promise<void>;
  close(): Promise<void>;

  execute(sql: string, opts?: ExecuteOptions): Promise<QueryResult>;
  /**
   * Runs the statements atomically: all or none are visible afterwards. Only where
   * `capabilities.transactionalDdl`; elsewhere they run one after the other.
   */
  transaction(statements: string[], opts?: ExecuteOptions): Promise<QueryResult[]>;

  ensureSchema(schema: string, database?: string): Promise<void>;
  getRelation(rel: Relation): Promise<ExistingRelation | null>;
  listRelations(schema: string, database?: string): Promise<ExistingRelation[]>;
  getColumns(rel: Relation): Promise<ColumnInfo[]>;

  /*
   * Build steps. Engines with transactional DDL share one statement-based implementation
   * (transactional-steps.ts); Athena has its own, each step safe on its own.
   */

  /** CREATE TABLE AS with the node's table properties (Athena: maybe several statements, a retry into a fresh location). */
  createTableAs(rel: Relation, selectSql: string, opts?: BuildStepOptions): Promise<QueryResult>;
  /** Puts `built` in place of `live`, which stays readable throughout; `built` is gone afterwards. */
  replaceRelation(replacement: Replacement, opts?: BuildStepOptions): Promise<void>;
  /** Drops a side relation an earlier build left, without touching data another relation still reads. */
  dropRelation(rel: Relation, type: RelationType, opts?: BuildStepOptions): Promise<void>;
  /** Applies the staged rows to the live table by strategy, then drops the staged table; a failure applies nothing. */
  applyIncremental(step: IncrementalStep, opts?: BuildStepOptions): Promise<QueryResult>;
  /**
   * Optional: creates `rel` holding the CSV text values of `rows`, cast to `columns`' types, in
   * as few statements as it can; without it, seeds are loaded with batched inserts.
   */
  createTableWithRows?(rel: Relation, columns: ColumnInfo[], rows: (string | null)[][], opts?: BuildStepOptions): Promise<QueryResult>;
  /**
   * Creates `rel` with `columns` from a CSV file through the engine's bulk loader, streaming, every
   * row checked against the column types; a refused row throws CsvLoadError with its line.
   * Without it, seeds are inserted from keel (slow, and the whole file is held in memory).
   */
  loadCsv?(rel: Relation, source: CsvSource, columns: ColumnInfo[], opts?: BuildStepOptions): Promise<QueryResult>;

  /** Optional: why seeds are loaded without `loadCsv` here and how to change that (printed once per run). */
  readonly seedLoadWarning?: string;

  /**
   * Optional: the warehouse's own way to keep two keel builds off one target (a conditional
   * write, an advisory lock), called once the engine is open; keel retries while it waits.
   * A lock older than `maxAgeSeconds` belongs to a killed build and may be taken over.
   * Embedded engines have none: keel holds `definition.lockFile` before opening the database.
   */
  tryAcquireLock?(holder: LockHolder, opts: { maxAgeSeconds: number }): Promise<LockAttempt>;

  /**
   * Optional: the rows of a query (compiled by `db`) in batches as the engine produces them, so a
   * caller can go through millions of rows in flat memory with one await per batch rather than
   * per row (Kysely's `stream()` yields row by row). Values as in `execute`.
   */
  streamBatches?(query: CompiledSql, opts?: ExecuteOptions): AsyncIterable<Record<string, unknown>[]>;
}

/** A statement and its parameters, as Kysely's `compile()` gives them. */
export interface CompiledSql {
  sql: string;
  parameters: readonly unknown[];
}
