import { DuckDBInstance, type DuckDBConnection, type DuckDBMaterializedResult } from '@duckdb/node-api';
import { TRINO_MACROS } from '../sql/trino-to-duckdb.js';
import { registerXxhash64 } from './xxhash64.js';

/** The catalog name Athena's default data catalog gets in DuckDB (names are case-insensitive there too). */
export const CATALOG = 'awsdatacatalog';
/** Where table data lives, one DuckDB table per data folder ("root"). */
export const DATA_SCHEMA = '__lake';

/**
 * One in-memory DuckDB database behind the whole emulated lake, used through one connection,
 * one statement at a time: Athena's own concurrency is simulated by the query states, not here.
 */
export class Duck {
  private queue: Promise<unknown> = Promise.resolve();
  private current = '';

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<Duck> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    registerXxhash64(connection);
    for (const sql of [
      `ATTACH ':memory:' AS ${CATALOG}`,
      `USE ${CATALOG}`,
      `CREATE SCHEMA ${DATA_SCHEMA}`,
      // Trino divides integers as integers
      'SET integer_division = true',
      ...TRINO_MACROS.map((m) => m.replace(/^CREATE MACRO/, 'CREATE TEMP MACRO')),
    ]) {
      await connection.run(sql);
    }
    return new Duck(instance, connection);
  }

  /** Runs `work` alone on the connection. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  /** Only inside exclusive(). */
  run(sql: string): Promise<DuckDBMaterializedResult> {
    return this.connection.run(sql).then((r) => r as DuckDBMaterializedResult);
  }

  async read(sql: string) {
    return this.connection.runAndReadAll(sql);
  }

  /** USE the database's schema, or main when it has none (yet); only when it changes. */
  async useSchema(schema: string | undefined, exists: boolean): Promise<void> {
    const target = exists && schema ? ident(schema) : 'main';
    if (target === this.current) return;
    await this.connection.run(`USE ${CATALOG}.${target}`);
    this.current = target;
  }

  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
