import { randomUUID } from 'node:crypto';
import type { Faults, QueryInfo } from '../../faults.js';
import type { Lake } from '../../lake/lake.js';
import { AwsError, QueryFailure } from '../aws-error.js';
import type { ResultSetData } from './result-set.js';
import { runStatement } from './run-statement.js';

type State = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface Execution {
  id: string;
  token: string;
  sql: string;
  catalog: string;
  database: string;
  workgroup: string;
  outputLocation: string;
  state: State;
  submittedAt: number;
  startedAt?: number;
  completedAt?: number;
  statementType?: string;
  substatementType?: string;
  result?: ResultSetData;
  updateCount?: number;
  dataScannedBytes: number;
  engineMs: number;
  failure?: QueryFailure;
  /** the failure was injected by a test */
  injected?: boolean;
}

const PAGE_MAX = 1000;
const secs = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/**
 * Athena's query API: StartQueryExecution (idempotent per ClientRequestToken), GetQueryExecution,
 * GetQueryResults (paginated, the header row first for a SELECT), StopQueryExecution. Queries go
 * QUEUED, then RUNNING when a slot is free, then SUCCEEDED, FAILED or CANCELLED.
 */
export class AthenaService {
  readonly executions = new Map<string, Execution>();
  private readonly byToken = new Map<string, string>();
  /** executions started per token: more than one would mean a resend ran a query twice */
  readonly startsByToken = new Map<string, number>();
  private readonly runsBySql = new Map<string, number>();
  private readonly waiting: Execution[] = [];
  private running = 0;
  private executing: Execution | null = null;

  constructor(
    private readonly lake: Lake,
    private readonly faults: () => Faults,
    private readonly maxRunning: number,
  ) {}

  handle(action: string, body: Record<string, any>): Promise<unknown> | unknown {
    switch (action) {
      case 'StartQueryExecution':
        return this.start(body);
      case 'GetQueryExecution':
        return { QueryExecution: this.describe(this.find(body.QueryExecutionId)) };
      case 'GetQueryResults':
        return this.results(body);
      case 'StopQueryExecution':
        return this.stop(this.find(body.QueryExecutionId));
      default:
        throw new AwsError('UnknownOperationException', `The Athena emulator has no ${action}`);
    }
  }

  private start(body: Record<string, any>): { QueryExecutionId: string } {
    const sql = String(body.QueryString ?? '');
    if (!sql.trim()) throw new AwsError('InvalidRequestException', 'QueryString must not be empty', 400, { AthenaErrorCode: 'INVALID_INPUT' });
    if (Buffer.byteLength(sql) > 262_144)
      throw new AwsError('InvalidRequestException', 'Query string exceeds the maximum length of 262144 bytes', 400, { AthenaErrorCode: 'INVALID_INPUT' });
    const token = String(body.ClientRequestToken ?? randomUUID());
    const known = this.byToken.get(token);
    if (known) {
      if (this.executions.get(known)!.sql !== sql)
        throw new AwsError('InvalidRequestException', 'Idempotent parameters do not match', 400, { AthenaErrorCode: 'INVALID_INPUT' });
      return { QueryExecutionId: known };
    }
    const e: Execution = {
      id: randomUUID(),
      token,
      sql,
      catalog: body.QueryExecutionContext?.Catalog ?? 'AwsDataCatalog',
      database: body.QueryExecutionContext?.Database ?? 'default',
      workgroup: body.WorkGroup ?? 'primary',
      outputLocation: folder(body.ResultConfiguration?.OutputLocation ?? 's3://aws-athena-query-results/'),
      state: 'QUEUED',
      submittedAt: Date.now(),
      dataScannedBytes: 0,
      engineMs: 0,
    };
    this.executions.set(e.id, e);
    this.byToken.set(token, e.id);
    this.startsByToken.set(token, (this.startsByToken.get(token) ?? 0) + 1);
    const info = this.info(e);
    this.runsBySql.set(sql, (this.runsBySql.get(sql) ?? 0) + 1);
    const queue = this.faults().queueMs;
    setTimeout(() => this.admit(e, info), typeof queue === 'function' ? queue(info) : (queue ?? 1));
    return { QueryExecutionId: e.id };
  }

  private info(e: Execution): QueryInfo {
    return { id: e.id, token: e.token, sql: e.sql, earlierRuns: this.runsBySql.get(e.sql) ?? 0 };
  }

  private admit(e: Execution, info: QueryInfo): void {
    if (e.state !== 'QUEUED') return;
    if (this.faults().holdQueued?.(info)) {
      setTimeout(() => this.admit(e, info), 5);
      return;
    }
    if (this.running >= this.maxRunning) {
      this.waiting.push(e);
      return;
    }
    this.running++;
    e.state = 'RUNNING';
    e.startedAt = Date.now();
    void this.execute(e, info).finally(() => {
      this.running--;
      const next = this.waiting.shift();
      if (next) this.admit(next, this.info(next));
    });
  }

  private async execute(e: Execution, info: QueryInfo): Promise<void> {
    const injected = this.faults().failQuery?.(info);
    await this.lake.exclusive(async () => {
      if (e.state !== 'RUNNING') return;
      if (injected && !injected.afterWrite) return this.finish(e, injected.failure, true);
      this.executing = e;
      const began = Date.now();
      try {
        const out = await runStatement(e.sql, {
          lake: this.lake,
          queryId: e.id,
          catalog: e.catalog,
          database: e.database,
          outputLocation: e.outputLocation,
          failAfterWrite: injected?.afterWrite ? injected.failure : undefined,
        });
        if (injected?.afterWrite) throw injected.failure;
        Object.assign(e, {
          statementType: out.statementType,
          substatementType: out.substatementType,
          result: out.result,
          updateCount: out.updateCount,
          dataScannedBytes: out.dataScannedBytes,
        });
        e.engineMs = Math.max(1, Date.now() - began);
        this.finish(e);
      } catch (err) {
        e.engineMs = Math.max(1, Date.now() - began);
        this.finish(e, err instanceof QueryFailure ? err : new QueryFailure(String(err)), Boolean(injected));
      } finally {
        this.executing = null;
      }
    });
  }

  private finish(e: Execution, failure?: QueryFailure, injected = false): void {
    if (e.state === 'CANCELLED') return;
    e.completedAt = Date.now();
    if (failure) {
      e.state = 'FAILED';
      e.failure = failure;
      e.injected = injected;
      e.statementType ??= 'DML';
    } else e.state = 'SUCCEEDED';
  }

  private stop(e: Execution): Record<string, never> {
    if (e.state === 'QUEUED' || e.state === 'RUNNING') {
      if (this.executing === e) this.lake.duck.interrupt();
      e.state = 'CANCELLED';
      e.completedAt = Date.now();
      const i = this.waiting.indexOf(e);
      if (i >= 0) this.waiting.splice(i, 1);
    }
    return {};
  }

  private find(id: unknown): Execution {
    const e = this.executions.get(String(id));
    if (!e) throw new AwsError('InvalidRequestException', `QueryExecution ${String(id)} was not found`, 400, { AthenaErrorCode: 'INVALID_INPUT' });
    return e;
  }

  private describe(e: Execution) {
    const done = e.completedAt ?? Date.now();
    const queued = (e.startedAt ?? done) - e.submittedAt;
    return {
      QueryExecutionId: e.id,
      Query: e.sql,
      StatementType: e.statementType ?? guessStatementType(e.sql),
      SubstatementType: e.substatementType,
      ResultConfiguration: { OutputLocation: `${e.outputLocation}${e.id}.csv` },
      QueryExecutionContext: { Catalog: e.catalog, Database: e.database },
      Status: {
        State: e.state,
        StateChangeReason: e.failure?.message,
        SubmissionDateTime: secs(e.submittedAt),
        CompletionDateTime: secs(e.completedAt),
        ...(e.failure
          ? {
              AthenaError: {
                ErrorCategory: e.failure.category,
                ErrorType: e.failure.errorType,
                Retryable: e.failure.retryable,
                ErrorMessage: e.failure.message,
              },
            }
          : {}),
      },
      Statistics: {
        EngineExecutionTimeInMillis: e.engineMs,
        DataScannedInBytes: e.dataScannedBytes,
        TotalExecutionTimeInMillis: done - e.submittedAt,
        QueryQueueTimeInMillis: queued,
        ServicePreProcessingTimeInMillis: 0,
        QueryPlanningTimeInMillis: 0,
        ServiceProcessingTimeInMillis: 0,
      },
      WorkGroup: e.workgroup,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    };
  }

  private results(body: Record<string, any>) {
    const e = this.find(body.QueryExecutionId);
    if (e.state !== 'SUCCEEDED') {
      const what =
        e.state === 'QUEUED' || e.state === 'RUNNING'
          ? `Query has not yet finished. Current state: ${e.state}`
          : `Query did not finish successfully. Final query state: ${e.state}`;
      throw new AwsError('InvalidRequestException', what, 400, { AthenaErrorCode: 'INVALID_INPUT' });
    }
    const max = Number(body.MaxResults ?? PAGE_MAX);
    if (!(max >= 1 && max <= PAGE_MAX))
      throw new AwsError('InvalidRequestException', `MaxResults must be between 1 and ${PAGE_MAX}`, 400, { AthenaErrorCode: 'INVALID_INPUT' });
    const result = e.result ?? { columns: [], rows: [] };
    // a SELECT's result file starts with the column labels, and Athena returns it as the first row
    const all = e.result ? [result.columns.map((c) => c.Label), ...result.rows] : [];
    const offset = body.NextToken ? Number(Buffer.from(String(body.NextToken), 'base64').toString()) : 0;
    const page = all.slice(offset, offset + max);
    const next = offset + max < all.length ? Buffer.from(String(offset + max)).toString('base64') : undefined;
    return {
      ...(e.updateCount !== undefined ? { UpdateCount: e.updateCount } : {}),
      ResultSet: {
        Rows: page.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: result.columns },
      },
      ...(next ? { NextToken: next } : {}),
    };
  }
}

function guessStatementType(sql: string): string {
  return /^\s*(create\s+(database|schema|view|or)|drop|alter)/i.test(sql) ? 'DDL' : 'DML';
}

const folder = (uri: string) => (uri.endsWith('/') ? uri : `${uri}/`);
