import type { DatabaseConnection, Driver, TransactionSettings } from 'kysely';
import type { SessionPool } from '../data-api/session-pool.js';
import type { StatementRunner } from '../data-api/statements.js';
import { RedshiftKyselyConnection } from './redshift-connection.js';

export interface RedshiftDriverConfig {
  /** looked up at each acquisition: the engine creates the Data API client on open() */
  runner: () => StatementRunner;
  sessions: () => SessionPool;
}

/** Connections are free on the Data API (statements are HTTP calls), so none are pooled here. */
export class RedshiftDriver implements Driver {
  constructor(private readonly config: RedshiftDriverConfig) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RedshiftKyselyConnection(this.config.runner(), this.config.sessions());
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) begin += ` ${settings.accessMode}`;
    await (connection as RedshiftKyselyConnection).begin(begin);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RedshiftKyselyConnection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RedshiftKyselyConnection).end('rollback');
  }

  /** The engine owns the Data API client and destroys it. */
  async destroy(): Promise<void> {}
}
