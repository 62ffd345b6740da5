import { DataApiSession } from './connection.js';

/**
 * Sessions for work that must span several Data API calls on one connection (a transaction
 * of more statements than a batch takes, a Kysely transaction). A session serves one borrower
 * at a time; idle ones are reused while the service still keeps them alive.
 */
export class SessionPool {
  private readonly idle: DataApiSession[] = [];

  constructor(private readonly keepAliveSeconds: number) {}

  acquire(): DataApiSession {
    for (let s = this.idle.pop(); s; s = this.idle.pop()) {
      if (!s.isStale()) return s;
    }
    return new DataApiSession(this.keepAliveSeconds);
  }

  /** `broken`: the session's state is unknown (a call failed mid-transaction), so it is not reused. */
  release(session: DataApiSession, broken = false): void {
    if (!broken && session.id) this.idle.push(session);
  }

  clear(): void {
    this.idle.length = 0;
  }
}
