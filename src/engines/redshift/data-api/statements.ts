import { randomUUID } from 'node:crypto';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type DescribeStatementResponse,
  type GetStatementResultResponse,
  type RedshiftDataClient,
  type SubStatementData,
} from '@aws-sdk/client-redshift-data';
import type { QueryResult } from '../../engine.js';
import { abortError, pollIntervals, sleep } from './backoff.js';
import type { ConnectionParams, DataApiSession } from './connection.js';
import { columnInfo, fieldToJs } from './fields.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { RedshiftStatementError, sqlHead } from './statement-error.js';
import type { StatementSlots } from './statement-slots.js';

export interface StatementOptions {
  signal?: AbortSignal;
  /** shown as the StatementName in the console and ListStatements (the node's uniqueId) */
  label?: string;
  /** run in this session (opened by the first statement sent with it) */
  session?: DataApiSession;
}

export interface StatementRunnerOptions {
  connection: ConnectionParams;
  slots: StatementSlots;
  retry: RetryPolicy;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** cancel and fail a statement that has not finished after this long */
  timeoutMs?: number;
  /** every Data API call retried, for --debug */
  onRetry?: (message: string) => void;
}

const DONE = new Set(['FINISHED', 'FAILED', 'ABORTED']);
/** how long an interrupted build waits for a cancelled statement to end */
const CANCEL_SETTLE_MS = 30_000;
/** statements whose ResultRows counts changed rows (CTAS reports differently across versions: counted instead) */
const DML = /^\s*(insert|update|delete|merge|copy)\b/i;

/**
 * The life of Data API statements: submit (idempotently, under the concurrency cap), poll
 * DescribeStatement with a growing interval, cancel on abort or timeout, then page through
 * GetStatementResult. Every call is retried on throttling and busy-service errors.
 */
export class StatementRunner {
  constructor(
    private readonly client: RedshiftDataClient,
    private readonly options: StatementRunnerOptions,
  ) {}

  async execute(sql: string, opts: StatementOptions = {}): Promise<QueryResult> {
    const done = await this.run([sql], opts);
    return this.resultOf(done.Id!, done, sql, opts.signal);
  }

  /** Runs the statements as one transaction (BatchExecuteStatement): all commit or none does. */
  async batch(sqls: string[], opts: StatementOptions = {}): Promise<QueryResult[]> {
    const done = await this.run(sqls, opts);
    const subs = done.SubStatements ?? [];
    const results: QueryResult[] = [];
    for (let i = 0; i < sqls.length; i++) {
      const sub = subs[i];
      results.push(sub ? await this.resultOf(sub.Id!, sub, sqls[i]!, opts.signal) : { columns: [], rows: [] });
    }
    return results;
  }

  /** Runs one statement and yields its result page by page, as GetStatementResult returns them. */
  async *stream(sql: string, opts: StatementOptions = {}): AsyncGenerator<QueryResult> {
    const done = await this.run([sql], opts);
    if (done.HasResultSet) yield* this.pages(done.Id!, opts.signal);
    else yield await this.resultOf(done.Id!, done, sql, opts.signal);
  }

  /** Pages of a finished statement's result, as they are fetched. */
  async *pages(id: string, signal?: AbortSignal): AsyncGenerator<QueryResult> {
    let nextToken: string | undefined;
    let columns: GetStatementResultResponse['ColumnMetadata'];
    do {
      const page: GetStatementResultResponse = await this.call(
        () => this.client.send(new GetStatementResultCommand({ Id: id, NextToken: nextToken }), { abortSignal: signal }),
        signal,
      );
      columns ??= page.ColumnMetadata ?? [];
      const meta = columns;
      yield {
        columns: meta.map(columnInfo),
        rows: (page.Records ?? []).map((record) => {
          const row: Record<string, unknown> = {};
          record.forEach((field, i) => {
            row[columnInfo(meta[i] ?? {}).name] = fieldToJs(field, meta[i]);
          });
          return row;
        }),
      };
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }

  /** Submits and waits; throws on FAILED or ABORTED. Holds a slot only while the statement is active. */
  private async run(sqls: string[], opts: StatementOptions): Promise<DescribeStatementResponse> {
    const release = await this.options.slots.acquire(opts.signal);
    try {
      const id = await this.submit(sqls, opts);
      const done = await this.waitUntilDone(id, opts.signal);
      if (done.Status === 'FAILED') throw failure(done, sqls);
      if (done.Status === 'ABORTED') {
        if (opts.signal?.aborted) throw abortError(opts.signal);
        throw new RedshiftStatementError(`statement ${id} was aborted on the cluster: ${sqlHead(sqls[0] ?? '')}`, id);
      }
      return done;
    } finally {
      release();
    }
  }

  private async submit(sqls: string[], opts: StatementOptions): Promise<string> {
    const session = opts.session;
    if (session?.isStale()) session.id = undefined;
    // the same token on every attempt: a retried submission never runs the statement twice
    const common = {
      ClientToken: randomUUID(),
      StatementName: opts.label?.slice(0, 500),
      ...(session?.id ? { SessionId: session.id } : this.options.connection),
      ...(session && !session.id ? { SessionKeepAliveSeconds: session.keepAliveSeconds } : {}),
    };
    // no abortSignal on the request itself: once sent, keel needs the Id back to cancel the statement
    const output = await this.call(
      () =>
        sqls.length === 1
          ? this.client.send(new ExecuteStatementCommand({ ...common, Sql: sqls[0] }))
          : this.client.send(new BatchExecuteStatementCommand({ ...common, Sqls: sqls })),
      opts.signal,
    );
    if (session) {
      session.id = output.SessionId ?? session.id;
      session.touch();
    }
    if (!output.Id) throw new Error('the Data API accepted a statement without returning its Id');
    return output.Id;
  }

  private async waitUntilDone(id: string, signal?: AbortSignal): Promise<DescribeStatementResponse> {
    const deadline = this.options.timeoutMs === undefined ? Infinity : Date.now() + this.options.timeoutMs;
    const intervals = pollIntervals(this.options.pollIntervalMs, this.options.maxPollIntervalMs);
    try {
      for (;;) {
        const description = await this.call(() => this.client.send(new DescribeStatementCommand({ Id: id })), signal);
        if (DONE.has(description.Status ?? '')) return description;
        if (Date.now() >= deadline) {
          await this.cancel(id);
          throw new RedshiftStatementError(
            `statement ${id} did not finish within ${this.options.timeoutMs! / 1000}s (query_timeout_seconds) and was cancelled`,
            id,
          );
        }
        await sleep(Math.min(intervals.next().value, Math.max(1, deadline - Date.now())), signal);
      }
    } catch (e) {
      if (signal?.aborted) {
        await this.cancel(id);
        throw abortError(signal, e);
      }
      throw e;
    }
  }

  /**
   * Cancels and waits (a bounded while) until the statement has ended, so that whoever interrupted
   * a build learns a settled state: a cancelled transaction is rolled back by then, and a session
   * is free for its ROLLBACK. Best effort: the statement may have finished meanwhile, which the
   * service reports as an error.
   */
  private async cancel(id: string): Promise<void> {
    try {
      await this.call(() => this.client.send(new CancelStatementCommand({ Id: id })));
    } catch {
      // finished or already cancelled: nothing left to stop
    }
    const giveUpAt = Date.now() + CANCEL_SETTLE_MS;
    const intervals = pollIntervals(this.options.pollIntervalMs, this.options.maxPollIntervalMs);
    while (Date.now() < giveUpAt) {
      try {
        const description = await this.call(() => this.client.send(new DescribeStatementCommand({ Id: id })));
        if (DONE.has(description.Status ?? '')) return;
      } catch {
        return;
      }
      await sleep(intervals.next().value);
    }
  }

  private async resultOf(
    id: string,
    status: Pick<SubStatementData, 'HasResultSet' | 'ResultRows' | 'Duration'>,
    sql: string,
    signal?: AbortSignal,
  ): Promise<QueryResult> {
    const stats = status.Duration !== undefined && status.Duration >= 0 ? { engineMs: status.Duration / 1e6 } : undefined;
    if (!status.HasResultSet) {
      const rowsAffected = DML.test(sql) && (status.ResultRows ?? -1) >= 0 ? status.ResultRows : undefined;
      return { columns: [], rows: [], ...(rowsAffected !== undefined ? { rowsAffected } : {}), ...(stats ? { stats } : {}) };
    }
    const result: QueryResult = { columns: [], rows: [] };
    for await (const page of this.pages(id, signal)) {
      result.columns = page.columns;
      for (const row of page.rows) result.rows.push(row);
    }
    if (stats) result.stats = stats;
    return result;
  }

  private call<T>(send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(send, this.options.retry, signal, (error, attempt, delay) =>
      this.options.onRetry?.(`Data API ${error.name} (attempt ${attempt}), retrying in ${delay} ms`),
    );
  }
}

function failure(done: DescribeStatementResponse, sqls: string[]): RedshiftStatementError {
  const subs = done.SubStatements ?? [];
  const failedAt = subs.findIndex((s) => s.Status === 'FAILED');
  if (sqls.length > 1 && failedAt >= 0) {
    const sub = subs[failedAt]!;
    return new RedshiftStatementError(
      `${sub.Error ?? done.Error ?? 'statement failed'} (statement ${failedAt + 1} of ${sqls.length} in a transaction, rolled back: ${sqlHead(sqls[failedAt] ?? '')})`,
      done.Id!,
      failedAt + 1,
    );
  }
  return new RedshiftStatementError(done.Error ?? `statement ${done.Id} failed`, done.Id!);
}
