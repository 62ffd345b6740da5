import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';
import type { QueryResult as EngineQueryResult } from '../../engine.js';

/** What the driver needs from the engine: run one statement text. */
export type RunStatement = (sql: string) => Promise<EngineQueryResult>;

class AthenaKyselyConnection implements DatabaseConnection {
  constructor(private readonly run: RunStatement) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // the query compiler inlines values, so a compiled query never carries parameters
    const result = await this.run(compiledQuery.sql);
    return {
      rows: result.rows as R[],
      ...(result.rowsAffected === undefined ? {} : { numAffectedRows: BigInt(result.rowsAffected) }),
    };
  }

  // biome-ignore lint/correctness/useYield: the generator's type is Kysely's interface; Athena cannot stream, so it only throws
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on Athena: results are read page by page after the query ends');
  }
}

/** Every "connection" is the same stateless query runner: Athena has no sessions. */
export class AthenaDriver implements Driver {
  constructor(private readonly run: RunStatement) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new AthenaKyselyConnection(this.run);
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(): Promise<void> {
    throw new Error('Athena has no transactions');
  }

  async commitTransaction(): Promise<void> {
    throw new Error('Athena has no transactions');
  }

  async rollbackTransaction(): Promise<void> {
    throw new Error('Athena has no transactions');
  }

  async destroy(): Promise<void> {}
}
