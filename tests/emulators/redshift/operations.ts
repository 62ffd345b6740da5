import { ApiError, notFound, validation } from './api-error.js';
import type { Executor } from './executor.js';
import type { Faults } from './faults.js';
import type { Sessions } from './sessions.js';
import { ACTIVE, type StatementRecord, type StatementStore, type SubStatement } from './statement-store.js';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

const MAX_SQL_BYTES = 100_000;
const MAX_BATCH = 40;
const MAX_KEEP_ALIVE_SECONDS = 24 * 60 * 60;
const CONNECTION_KEYS = ['ClusterIdentifier', 'DbUser', 'WorkgroupName', 'Database', 'SecretArn'] as const;

export interface OperationContext {
  store: StatementStore;
  executor: Executor;
  sessions: Sessions;
  faults: Faults;
  /** rows per GetStatementResult page */
  pageSize: number;
}

/** The Redshift Data API operations keel uses, with the service's validation rules. */
export function operations(ctx: OperationContext): Record<string, (input: Input) => Output> {
  return {
    ExecuteStatement: (input) => submit(ctx, input, [requireString(input, 'Sql')], false),
    BatchExecuteStatement: (input) => {
      const sqls = input.Sqls;
      if (!Array.isArray(sqls) || !sqls.length || sqls.some((s) => typeof s !== 'string' || !s)) throw validation('Sqls must hold 1 to 40 SQL statements');
      if (sqls.length > MAX_BATCH) throw validation(`Sqls must hold at most ${MAX_BATCH} SQL statements`);
      return submit(ctx, input, sqls as string[], true);
    },
    DescribeStatement: (input) => describe(ctx, requireString(input, 'Id')),
    GetStatementResult: (input) => result(ctx, requireString(input, 'Id'), input.NextToken as string | undefined),
    CancelStatement: (input) => cancel(ctx, requireString(input, 'Id')),
  };
}

function submit(ctx: OperationContext, input: Input, sqls: string[], isBatch: boolean): Output {
  const earlier = ctx.store.byClientToken(input.ClientToken as string | undefined);
  if (earlier) return submitted(earlier);
  for (const sql of sqls) {
    if (Buffer.byteLength(sql) > MAX_SQL_BYTES) throw validation('Cannot process query string larger than 100kB');
  }
  if (input.Parameters !== undefined) throw validation('this emulator does not take Parameters: keel writes values as literals');
  const sessionId = input.SessionId as string | undefined;
  let connection: StatementRecord['connection'];
  if (sessionId) {
    if (CONNECTION_KEYS.some((k) => k !== 'Database' && input[k] !== undefined)) {
      throw validation('SessionId cannot be combined with ClusterIdentifier, WorkgroupName, DbUser or SecretArn');
    }
    const session = ctx.sessions.get(sessionId);
    if (!session) throw validation(`Session ${sessionId} is not available: it expired or never existed`);
    if (session.busy) throw validation(`Session ${sessionId} is busy running another statement`);
    connection = session.connection;
  } else {
    connection = checkConnection(input);
  }
  if (ctx.store.activeCount() >= ctx.faults.options.maxActiveStatements) {
    throw new ApiError('ActiveStatementsExceededException', `Active statements exceeded the allowed quota (${ctx.faults.options.maxActiveStatements}).`);
  }
  const keepAlive = input.SessionKeepAliveSeconds as number | undefined;
  if (keepAlive !== undefined && (!Number.isInteger(keepAlive) || keepAlive < 0 || keepAlive > MAX_KEEP_ALIVE_SECONDS)) {
    throw validation('SessionKeepAliveSeconds must be between 0 and 86400');
  }
  const session = sessionId ? ctx.sessions.get(sessionId)! : keepAlive ? ctx.sessions.open(keepAlive, connection) : undefined;
  if (session) session.busy = true;
  const record = ctx.store.create(sqls, {
    isBatch,
    connection,
    sessionId: session?.id,
    name: input.StatementName as string | undefined,
    clientToken: input.ClientToken as string | undefined,
  });
  ctx.executor.enqueue(record);
  return submitted(record);
}

function checkConnection(input: Input): StatementRecord['connection'] {
  const has = (k: string) => typeof input[k] === 'string' && (input[k] as string).length > 0;
  if (!has('Database')) throw validation('Database is required unless SessionId is given');
  if (has('ClusterIdentifier') === has('WorkgroupName')) throw validation('Specify either ClusterIdentifier or WorkgroupName');
  if (has('ClusterIdentifier') && !has('DbUser') && !has('SecretArn')) {
    throw validation('a cluster needs DbUser (temporary credentials) or SecretArn');
  }
  if (has('WorkgroupName') && has('DbUser')) throw validation('DbUser is not supported for a serverless workgroup');
  return Object.fromEntries(CONNECTION_KEYS.filter(has).map((k) => [k, input[k] as string]));
}

function submitted(record: StatementRecord): Output {
  return {
    Id: record.id,
    CreatedAt: epoch(record.createdAt),
    ...record.connection,
    ...(record.sessionId ? { SessionId: record.sessionId } : {}),
    ...(record.isBatch ? {} : { Status: 'SUBMITTED' }),
  };
}

function describe(ctx: OperationContext, id: string): Output {
  const found = ctx.store.find(id);
  if (!found) throw notFound('Query does not exist.');
  const { record, sub } = found;
  if (sub) return subDescription(record, sub);
  const only = record.subs[0]!;
  return {
    Id: record.id,
    Status: record.status,
    ...(record.error ? { Error: record.error } : {}),
    CreatedAt: epoch(record.createdAt),
    UpdatedAt: epoch(record.updatedAt),
    Duration: duration(record),
    HasResultSet: record.subs.some((s) => s.result !== undefined),
    ResultRows: record.isBatch ? -1 : only.resultRows,
    ResultSize: -1,
    RedshiftPid: record.redshiftPid,
    RedshiftQueryId: record.redshiftQueryId,
    ...(record.isBatch ? { SubStatements: record.subs.map((s) => subDescription(record, s)) } : { QueryString: only.sql }),
    ...record.connection,
    ...(record.sessionId ? { SessionId: record.sessionId } : {}),
  };
}

function subDescription(record: StatementRecord, sub: SubStatement): Output {
  return {
    Id: sub.id,
    Status: sub.status,
    ...(sub.error ? { Error: sub.error } : {}),
    CreatedAt: epoch(sub.createdAt),
    UpdatedAt: epoch(sub.updatedAt),
    Duration: sub.durationNs,
    QueryString: sub.sql,
    HasResultSet: sub.result !== undefined,
    ResultRows: sub.resultRows,
    ResultSize: -1,
    RedshiftQueryId: record.redshiftQueryId,
  };
}

function result(ctx: OperationContext, id: string, nextToken: string | undefined): Output {
  const found = ctx.store.find(id);
  if (!found) throw notFound('Query does not exist.');
  const sub = found.sub ?? (found.record.isBatch ? undefined : found.record.subs[0]);
  if (!sub) throw validation('A batch has one result per statement: ask for "<id>:<n>"');
  if (found.record.status !== 'FINISHED' || sub.status !== 'FINISHED') {
    throw validation(`Query does not have result. Please check query status with DescribeStatement (status ${sub.status}).`);
  }
  if (!sub.result) throw notFound('Query does not have result.');
  const offset = nextToken ? Number(Buffer.from(nextToken, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > sub.result.records.length) throw validation('invalid NextToken');
  const end = offset + ctx.pageSize;
  return {
    Records: sub.result.records.slice(offset, end),
    ColumnMetadata: sub.result.columns,
    TotalNumRows: sub.result.records.length,
    ...(end < sub.result.records.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}),
  };
}

function cancel(ctx: OperationContext, id: string): Output {
  const found = ctx.store.find(id);
  if (!found || found.sub) throw notFound('Query does not exist.');
  if (!ACTIVE.has(found.record.status)) {
    throw validation(`Could not cancel a query that is already in ${found.record.status} state with ID: ${id}`);
  }
  ctx.executor.cancel(found.record);
  return { Status: true };
}

function requireString(input: Input, key: string): string {
  const v = input[key];
  if (typeof v !== 'string' || !v) throw validation(`${key} is required`);
  return v;
}

const epoch = (d: Date) => d.getTime() / 1000;

function duration(record: StatementRecord): number {
  if (record.startedAt === undefined) return -1;
  return ((record.finishedAt ?? Date.now()) - record.startedAt) * 1e6;
}
