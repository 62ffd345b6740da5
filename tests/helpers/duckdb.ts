import { DuckDBInstance } from '@duckdb/node-api';

/** Reads rows from a keel-built DuckDB file, the way a BI tool would: a separate connection. */
export async function queryDuckDB(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
