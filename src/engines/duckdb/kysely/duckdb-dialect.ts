import { DummyDriver, type DatabaseIntrospector, type Dialect, type DialectAdapter, type Driver, type Kysely, type QueryCompiler } from 'kysely';
import type { DuckDBConnectionPool } from '../connection-pool.js';
import { DuckDBAdapter } from './duckdb-adapter.js';
import { DuckDBDriver } from './duckdb-driver.js';
import { DuckDBIntrospector } from './duckdb-introspector.js';
import { DuckDBQueryCompiler } from './duckdb-query-compiler.js';

export interface DuckDBKyselyDialectConfig {
  /** Where connections come from. Without it the Kysely instance only compiles queries (Kysely's DummyDriver). */
  pool?: () => DuckDBConnectionPool;
}

/** Kysely dialect for DuckDB: `new Kysely<DB>({ dialect: new DuckDBKyselyDialect({ pool: () => pool }) })`. */
export class DuckDBKyselyDialect implements Dialect {
  constructor(private readonly config: DuckDBKyselyDialectConfig = {}) {}

  createAdapter(): DialectAdapter {
    return new DuckDBAdapter();
  }

  createDriver(): Driver {
    return this.config.pool ? new DuckDBDriver({ pool: this.config.pool }) : new DummyDriver();
  }

  createQueryCompiler(): QueryCompiler {
    return new DuckDBQueryCompiler();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}
