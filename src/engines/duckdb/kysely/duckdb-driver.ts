import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import type { DuckDBConnectionPool } from '../connection-pool.js';
import { DuckDBKyselyConnection } from './duckdb-connection.js';

export interface DuckDBDriverConfig {
  /**
   * The pool to borrow connections from, looked up at each acquisition: the engine owns the
   * DuckDB instance and may close and reopen it under the same Kysely instance.
   */
  pool: () => DuckDBConnectionPool;
}

export class DuckDBDriver implements Driver {
  private readonly lenders = new WeakMap<DuckDBKyselyConnection, DuckDBConnectionPool>();

  constructor(private readonly config: DuckDBDriverConfig) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const pool = this.config.pool();
    const connection = new DuckDBKyselyConnection(await pool.acquire());
    this.lenders.set(connection, pool);
    return connection;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const kyselyConnection = connection as DuckDBKyselyConnection;
    this.lenders.get(kyselyConnection)?.release(kyselyConnection.connection);
    this.lenders.delete(kyselyConnection);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // DuckDB has one isolation level (snapshot) and no read-only transactions
    if (settings.isolationLevel || settings.accessMode) {
      throw new Error('DuckDB does not support transaction isolation levels or access modes');
    }
    await connection.executeQuery(CompiledQuery.raw('begin transaction'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  /** The DuckDB instance belongs to whoever created the pool (the engine), which closes it. */
  async destroy(): Promise<void> {}
}
