import { randomUUID } from 'node:crypto';
import type { ColumnMetadata, Field } from './result-fields.js';

export type Status = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

export const ACTIVE: ReadonlySet<Status> = new Set(['SUBMITTED', 'PICKED', 'STARTED']);

export interface StatementResult {
  columns: ColumnMetadata[];
  records: Field[][];
}

export interface SubStatement {
  id: string;
  sql: string;
  status: Status;
  error?: string;
  result?: StatementResult;
  resultRows: number;
  createdAt: Date;
  updatedAt: Date;
  durationNs: number;
}

/** One ExecuteStatement (one sub-statement) or BatchExecuteStatement (one per SQL, ids `<id>:<n>`). */
export interface StatementRecord {
  id: string;
  isBatch: boolean;
  subs: SubStatement[];
  status: Status;
  error?: string;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: number;
  finishedAt?: number;
  sessionId?: string;
  connection: Record<string, string | undefined>;
  name?: string;
  cancelRequested: boolean;
  redshiftPid: number;
  redshiftQueryId: number;
}

let queryIds = 1000;

export class StatementStore {
  readonly all = new Map<string, StatementRecord>();
  /** the most statements active at once so far */
  peakActive = 0;
  private readonly byToken = new Map<string, StatementRecord>();

  create(
    sqls: string[],
    opts: { isBatch: boolean; connection: StatementRecord['connection']; sessionId?: string; name?: string; clientToken?: string },
  ): StatementRecord {
    const id = randomUUID();
    const now = new Date();
    const record: StatementRecord = {
      id,
      isBatch: opts.isBatch,
      subs: sqls.map((sql, i) => ({ id: `${id}:${i + 1}`, sql, status: 'SUBMITTED', resultRows: -1, createdAt: now, updatedAt: now, durationNs: 0 })),
      status: 'SUBMITTED',
      createdAt: now,
      updatedAt: now,
      sessionId: opts.sessionId,
      connection: opts.connection,
      name: opts.name,
      cancelRequested: false,
      redshiftPid: 1073741824 + Math.floor(Math.random() * 100000),
      redshiftQueryId: queryIds++,
    };
    this.all.set(id, record);
    this.peakActive = Math.max(this.peakActive, this.activeCount());
    if (opts.clientToken) this.byToken.set(opts.clientToken, record);
    return record;
  }

  /** ClientToken idempotency: a retried request with the same token gets the first statement back. */
  byClientToken(token: string | undefined): StatementRecord | undefined {
    return token ? this.byToken.get(token) : undefined;
  }

  /** A statement by its Id, or a batch's sub-statement by `<id>:<n>`. */
  find(id: string): { record: StatementRecord; sub?: SubStatement } | undefined {
    const [base, n] = id.split(':');
    const record = this.all.get(base!);
    if (!record) return undefined;
    if (n === undefined) return { record };
    const sub = record.subs[Number(n) - 1];
    return sub ? { record, sub } : undefined;
  }

  activeCount(): number {
    let n = 0;
    for (const r of this.all.values()) if (ACTIVE.has(r.status)) n++;
    return n;
  }

  setStatus(record: StatementRecord, status: Status, error?: string): void {
    record.status = status;
    record.updatedAt = new Date();
    if (error !== undefined) record.error = error;
  }
}
