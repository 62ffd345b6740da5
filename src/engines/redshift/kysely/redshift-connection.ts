import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import type { QueryResult as EngineResult } from '../../engine.js';
import type { DataApiSession } from '../data-api/connection.js';
import type { SessionPool } from '../data-api/session-pool.js';
import type { StatementRunner } from '../data-api/statements.js';

/**
 * What Kysely calls a connection. Outside a transaction each query is its own Data API statement;
 * a transaction borrows a session, so BEGIN, the queries and COMMIT run on one database connection.
 */
export class RedshiftKyselyConnection implements DatabaseConnection {
  private session: DataApiSession | null = null;

  constructor(
    private readonly runner: StatementRunner,
    private readonly sessions: SessionPool,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.runner.execute(checked(compiledQuery), this.session ? { session: this.session } : {});
    return toKyselyResult<R>(result);
  }

  /** One result per page of GetStatementResult; `chunkSize` is the service's page size, not ours. */
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for await (const page of this.runner.stream(checked(compiledQuery), this.session ? { session: this.session } : {})) {
      yield { rows: page.rows as R[] };
    }
  }

  async begin(statement: string): Promise<void> {
    if (this.session) throw new Error('a transaction is already open on this connection');
    const session = this.sessions.acquire();
    try {
      await this.runner.execute(statement, { session });
    } catch (e) {
      this.sessions.release(session, true);
      throw e;
    }
    this.session = session;
  }

  async end(statement: 'commit' | 'rollback'): Promise<void> {
    const session = this.session;
    if (!session) throw new Error('no transaction is open on this connection');
    this.session = null;
    try {
      await this.runner.execute(statement, { session });
      this.sessions.release(session);
    } catch (e) {
      this.sessions.release(session, true);
      throw e;
    }
  }
}

function checked(compiledQuery: CompiledQuery): string {
  // the Redshift query compiler writes values as literals; raw queries with parameters cannot be sent
  if (compiledQuery.parameters.length) {
    throw new Error('Redshift queries take no bound parameters: build them with Kysely or sql`` so values become literals');
  }
  return compiledQuery.sql;
}

function toKyselyResult<R>(result: EngineResult): QueryResult<R> {
  return result.rowsAffected === undefined ? { rows: result.rows as R[] } : { rows: result.rows as R[], numAffectedRows: BigInt(result.rowsAffected) };
}
