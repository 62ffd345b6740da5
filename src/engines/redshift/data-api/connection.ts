/** Where a statement runs: the parameters every Data API call that starts a statement carries. */
export interface ConnectionParams {
  Database: string;
  ClusterIdentifier?: string;
  DbUser?: string;
  WorkgroupName?: string;
  SecretArn?: string;
}

/**
 * A Data API session: statements sent with its SessionId run one after another on the same
 * database connection, so a BEGIN in one call and a COMMIT in a later call form one transaction.
 * The first statement opens it (SessionKeepAliveSeconds); it closes after being idle that long.
 */
export class DataApiSession {
  id?: string;
  private lastUsedAt = 0;

  constructor(readonly keepAliveSeconds: number) {}

  touch(now = Date.now()): void {
    this.lastUsedAt = now;
  }

  /** Whether the service may already have closed it (idle longer than the keep-alive, with a margin). */
  isStale(now = Date.now()): boolean {
    return this.id !== undefined && now - this.lastUsedAt > this.keepAliveSeconds * 1000 * 0.8;
  }
}
