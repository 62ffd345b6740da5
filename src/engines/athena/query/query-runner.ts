import type { QueryExecution } from '@aws-sdk/client-athena';
import type { QueryResult } from '../../engine.js';
import type { AthenaApi } from '../aws/clients.js';
import type { AthenaSettings } from '../settings.js';
import { AthenaQueryError } from './athena-query-error.js';
import { queryStats } from './query-stats.js';
import { readResults, resultPages } from './read-results.js';
import { requestToken } from './request-token.js';
import { backoffMs, sleep, withRetry, type RetryPolicy } from './retry-policy.js';

export interface RunOptions {
  /** node uniqueId: scopes the request tokens */
  label?: string;
  signal?: AbortSignal;
  /** Called before a FAILED query that Athena marks retryable runs again, e.g. to remove what it half-wrote; throwing makes the failure final. */
  beforeRetry?: (error: AthenaQueryError) => Promise<void>;
  /** false: a retryable failure is final too (default true) */
  retryFailed?: boolean;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const UNLABELLED = 'keel';

/**
 * One statement's life on Athena: start (idempotent), poll until it ends (backing off), stop it
 * on abort or timeout, read its results, and run it again when Athena says the failure was
 * transient. Throttled API calls are retried with jittered exponential backoff.
 */
export class AthenaQueryRunner {
  private readonly policy: RetryPolicy;

  constructor(
    private readonly api: AthenaApi,
    private readonly settings: AthenaSettings,
    /** unique per keel invocation, part of every request token */
    private readonly invocationId: string,
    random: () => number = Math.random,
    /** statements started per label: the statement number of each token */
    private readonly statementsByLabel = new Map<string, number>(),
  ) {
    this.policy = { maxRetries: settings.maxRetries, baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs, random };
  }

  /** `sql` may depend on the attempt: a CTAS retried after a failure must write to a fresh location. */
  async run(sql: string | ((attempt: number) => string), opts: RunOptions = {}): Promise<QueryResult> {
    return this.collect(await this.runToEnd(sql, opts));
  }

  /** A query's rows one result page at a time, read as the caller goes (flat memory for large results). */
  async *pages(sql: string, opts: RunOptions = {}): AsyncGenerator<QueryResult> {
    const execution = await this.runToEnd(sql, opts);
    const id = execution.QueryExecutionId!;
    yield* resultPages(execution, (NextToken, MaxResults) =>
      withRetry(() => this.api.getQueryResults({ QueryExecutionId: id, NextToken, MaxResults }), this.policy),
    );
  }

  private async runToEnd(sql: string | ((attempt: number) => string), opts: RunOptions): Promise<QueryExecution> {
    const label = opts.label ?? UNLABELLED;
    const statement = this.nextStatement(label);
    for (let attempt = 0; ; attempt++) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      const text = typeof sql === 'function' ? sql(attempt) : sql;
      const id = await this.start(text, requestToken(this.invocationId, label, statement, attempt));
      const execution = await this.waitUntilDone(id, opts.signal);
      if (execution.Status?.State === 'SUCCEEDED') return execution;
      const error = new AthenaQueryError(execution);
      const mayRetry = error.retryable && opts.retryFailed !== false;
      if (!mayRetry || attempt >= this.settings.maxRetries || opts.signal?.aborted) throw error;
      await opts.beforeRetry?.(error);
      await sleep(backoffMs(attempt, this.policy), opts.signal);
    }
  }

  private nextStatement(label: string): number {
    const n = (this.statementsByLabel.get(label) ?? 0) + 1;
    this.statementsByLabel.set(label, n);
    return n;
  }

  private async start(sql: string, token: string): Promise<string> {
    const out = await withRetry(
      () =>
        this.api.startQueryExecution({
          QueryString: sql,
          ClientRequestToken: token,
          WorkGroup: this.settings.workgroup,
          QueryExecutionContext: { Catalog: this.settings.catalog, Database: this.settings.schema },
          ResultConfiguration: { OutputLocation: this.settings.stagingDir },
        }),
      this.policy,
    );
    if (!out.QueryExecutionId) throw new Error('Athena started a query without returning its id');
    return out.QueryExecutionId;
  }

  private async waitUntilDone(id: string, signal?: AbortSignal): Promise<QueryExecution> {
    const deadline = this.settings.queryTimeoutMs === undefined ? Infinity : Date.now() + this.settings.queryTimeoutMs;
    let interval = this.settings.pollIntervalMs;
    for (;;) {
      // no query is done the moment it starts: asking at once would only cost a call
      await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
      interval = Math.min(interval * 1.5, this.settings.pollMaxIntervalMs);
      const { QueryExecution: execution } = await withRetry(() => this.api.getQueryExecution({ QueryExecutionId: id }), this.policy);
      if (!execution) throw new Error(`Athena has no query ${id}`);
      if (TERMINAL.has(execution.Status?.State ?? '')) return execution;
      if (signal?.aborted) {
        await this.stop(id);
        throw abortError(signal);
      }
      if (Date.now() >= deadline) {
        await this.stop(id);
        throw new Error(`Athena query ${id} did not finish within ${this.settings.queryTimeoutMs! / 1000}s (query_timeout_seconds) and was stopped`);
      }
    }
  }

  /** Best effort: the query may have ended meanwhile, and the caller is failing anyway. */
  private async stop(id: string): Promise<void> {
    await withRetry(() => this.api.stopQueryExecution({ QueryExecutionId: id }), this.policy).catch(() => {});
  }

  private async collect(execution: QueryExecution): Promise<QueryResult> {
    const id = execution.QueryExecutionId!;
    const result = await readResults(execution, (NextToken, MaxResults) =>
      withRetry(() => this.api.getQueryResults({ QueryExecutionId: id, NextToken, MaxResults }), this.policy),
    );
    return { ...result, stats: queryStats(execution, this.settings.pricePerTbUsd) };
  }
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? `: ${signal.reason.message}` : '';
  const error = new Error(`query aborted${reason}`, { cause: signal.reason });
  error.name = 'AbortError';
  return error;
}
