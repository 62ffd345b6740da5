import { ResultReturnType, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import type { QueryResult } from '../engine.js';
import { toJsValue } from './values.js';

const REINTERRUPT_MS = 50;

/**
 * Runs SQL (one or several `;`-separated statements) on a connection the caller holds exclusively,
 * and returns the last statement's result. Aborting `signal` interrupts the running statement.
 */
export async function runStatement(connection: DuckDBConnection, sql: string, signal?: AbortSignal): Promise<QueryResult> {
  if (signal?.aborted) throw abortError(signal);
  let reinterrupt: NodeJS.Timeout | undefined;
  const interrupt = () => {
    connection.interrupt();
    // DuckDB clears the interrupt flag when a statement starts, so an abort that lands before the
    // statement reaches a worker thread would be lost: repeat it until the statement settles
    reinterrupt = setInterval(() => connection.interrupt(), REINTERRUPT_MS);
  };
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    return toQueryResult(await connection.runAndReadAll(sql));
  } catch (e) {
    if (signal?.aborted) throw abortError(signal, e);
    throw asError(e);
  } finally {
    signal?.removeEventListener('abort', interrupt);
    clearInterval(reinterrupt);
  }
}

export function toQueryResult(reader: DuckDBResultReader): QueryResult {
  // DML without RETURNING yields a single "Count" row; report it as rowsAffected instead of as data
  if (reader.returnType === ResultReturnType.CHANGED_ROWS) {
    return { columns: [], rows: [], rowsAffected: reader.rowsChanged };
  }
  // DDL, SET, BEGIN: DuckDB describes an empty "Count" or "Success" column that carries nothing
  if (reader.returnType === ResultReturnType.NOTHING) return { columns: [], rows: [] };
  const types = reader.columnTypes();
  return {
    columns: reader.columnNames().map((name, i) => ({ name, type: types[i].toString() })),
    rows: reader.convertRowObjects(toJsValue) as Record<string, unknown>[],
  };
}

function abortError(signal: AbortSignal, cause?: unknown): Error {
  const reason = signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? `: ${signal.reason.message}` : '';
  const error = new Error(`query aborted${reason}`, { cause: cause ?? signal.reason });
  error.name = 'AbortError';
  return error;
}

/** DuckDB already throws Errors whose message is the engine's ("Catalog Error: ..."); keep them as they are. */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
