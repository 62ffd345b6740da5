import type { LogicalType } from './statement-sql.js';

/** keel's logical types in standard SQL spelling (DuckDB, Trino); engines override what they spell otherwise. */
export const STANDARD_TYPES: Readonly<Record<LogicalType, string>> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};
