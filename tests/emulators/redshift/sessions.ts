import { randomUUID } from 'node:crypto';

export interface Session {
  id: string;
  keepAliveSeconds: number;
  expiresAt: number;
  /** a statement of this session is active: the service runs one at a time per session */
  busy: boolean;
  connection: Record<string, string | undefined>;
}

/**
 * Data API sessions: opened by a statement sent with SessionKeepAliveSeconds, reused by
 * SessionId, closed when idle for longer than the keep-alive (max 24 h).
 */
export class Sessions {
  private readonly all = new Map<string, Session>();

  open(keepAliveSeconds: number, connection: Session['connection']): Session {
    const session: Session = { id: randomUUID(), keepAliveSeconds, expiresAt: 0, busy: false, connection };
    this.touch(session);
    this.all.set(session.id, session);
    return session;
  }

  /** The live session, or undefined when unknown or expired. */
  get(id: string, now = Date.now()): Session | undefined {
    const session = this.all.get(id);
    if (session && session.expiresAt <= now && !session.busy) {
      this.all.delete(id);
      return undefined;
    }
    return session;
  }

  touch(session: Session, now = Date.now()): void {
    session.expiresAt = now + session.keepAliveSeconds * 1000;
  }

  isExpired(id: string, now = Date.now()): boolean {
    return this.get(id, now) === undefined;
  }
}
