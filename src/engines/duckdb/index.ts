import { DuckDBEngine, type DuckDBEngineConfig } from './engine.js';

export function createDuckDBEngine(config: DuckDBEngineConfig): DuckDBEngine {
  return new DuckDBEngine(config);
}

export { DuckDBEngine, type DuckDBEngineConfig } from './engine.js';
export { DuckDBDialect } from './dialect.js';
export { DuckDBConnectionPool } from './connection-pool.js';
export { toJsValue, toDuckDBValue } from './values.js';
export { DuckDBKyselyDialect, type DuckDBKyselyDialectConfig } from './kysely/duckdb-dialect.js';
export { DuckDBDriver, type DuckDBDriverConfig } from './kysely/duckdb-driver.js';
export { DuckDBKyselyConnection } from './kysely/duckdb-connection.js';
export { DuckDBAdapter } from './kysely/duckdb-adapter.js';
export { DuckDBQueryCompiler } from './kysely/duckdb-query-compiler.js';
export { DuckDBIntrospector } from './kysely/duckdb-introspector.js';
