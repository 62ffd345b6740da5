import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

interface Waiter {
  resolve(connection: DuckDBConnection): void;
  reject(error: Error): void;
}

/**
 * A fixed number of connections on one DuckDB instance. DuckDB runs statements of different
 * connections in parallel, but one connection runs one statement at a time and holds one
 * transaction, so every borrower gets a connection to itself until it releases it.
 */
export class DuckDBConnectionPool {
  private readonly all = new Set<DuckDBConnection>();
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiters: Waiter[] = [];
  private creating = 0;
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
    /** session setup for each new connection (default schema, settings) */
    private readonly setup: (connection: DuckDBConnection) => Promise<void> = async () => {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`DuckDB pool size must be a positive integer, got ${size}`);
  }

  async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the DuckDB engine is closed');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.all.size + this.creating < this.size) return this.connect();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  release(connection: DuckDBConnection): void {
    if (this.closed || !this.all.has(connection)) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(connection);
    else this.idle.push(connection);
  }

  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Disconnects every connection and closes the instance; callers must have awaited their statements. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the DuckDB engine was closed'));
    for (const connection of this.all) connection.closeSync();
    this.all.clear();
    this.idle.length = 0;
    this.instance.closeSync();
  }

  private async connect(): Promise<DuckDBConnection> {
    this.creating++;
    let connection: DuckDBConnection | undefined;
    try {
      connection = await this.instance.connect();
      await this.setup(connection);
    } catch (e) {
      connection?.closeSync();
      this.creating--;
      // the slot this attempt held is free again: a queued borrower would otherwise wait forever
      this.connectForWaiter();
      throw e;
    }
    this.creating--;
    if (this.closed) {
      connection.closeSync();
      throw new Error('the DuckDB engine was closed');
    }
    this.all.add(connection);
    return connection;
  }

  private connectForWaiter(): void {
    const waiter = this.waiters.shift();
    if (waiter) this.connect().then(waiter.resolve, waiter.reject);
  }
}
