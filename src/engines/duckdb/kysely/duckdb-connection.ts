import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { ResultReturnType, StatementType } from '@duckdb/node-api';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { asError } from '../run-statement.js';
import { toDuckDBValue, toJsValue } from '../values.js';

const DML = new Set<StatementType>([StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE, StatementType.MERGE_INTO]);

/** One pooled DuckDB connection as Kysely sees it; parameters are bound through a prepared statement. */
export class DuckDBKyselyConnection implements DatabaseConnection {
  constructor(readonly connection: DuckDBConnection) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    let reader: DuckDBResultReader;
    try {
      reader = await this.connection.runAndReadAll(compiledQuery.sql, bindings(compiledQuery));
    } catch (e) {
      throw asError(e);
    }
    // DML without RETURNING reports its count as a "Count" row: surface it as numAffectedRows only
    if (reader.returnType === ResultReturnType.CHANGED_ROWS) {
      return { rows: [], numAffectedRows: BigInt(reader.rowsChanged) };
    }
    const rows = reader.convertRowObjects(toJsValue) as R[];
    return DML.has(reader.statementType) ? { rows, numAffectedRows: BigInt(rows.length) } : { rows };
  }

  /** Yields one result per DuckDB data chunk (2048 rows); `chunkSize` is not honoured. */
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.connection.stream(compiledQuery.sql, bindings(compiledQuery));
    for await (const rows of result.yieldConvertedRowObjects(toJsValue)) {
      yield { rows: rows as R[] };
    }
  }
}

/** `undefined` without parameters, so raw multi-statement SQL runs unprepared. */
function bindings(compiledQuery: CompiledQuery): DuckDBValue[] | undefined {
  return compiledQuery.parameters.length ? compiledQuery.parameters.map(toDuckDBValue) : undefined;
}
