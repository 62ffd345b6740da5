import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Emulator } from '../s3/server.js';
import { ApiError } from './api-error.js';
import { openDatabase } from './database.js';
import { Executor, type RecordedDdl } from './executor.js';
import { Faults, type FaultOptions } from './faults.js';
import { operations } from './operations.js';
import { Sessions } from './sessions.js';
import { StatementStore } from './statement-store.js';
import { readTableDesign, type LiveTableDesign } from './table-design-store.js';

export interface RedshiftEmulatorOptions extends FaultOptions {
  /** rows per GetStatementResult page (default 1000; small values exercise pagination) */
  pageSize?: number;
  /**
   * the database user's time zone (Redshift's `ALTER USER ... SET timezone`): every statement
   * runs in it, as Redshift runs a user's statements; default UTC
   */
  timezone?: string;
  /** the S3 that COPY ... FROM 's3://...' reads */
  s3?: S3Emulator;
}

export interface RedshiftEmulator {
  /** http://127.0.0.1:<port>: the `endpoint` of a redshift target */
  endpoint: string;
  faults: Faults;
  /** every CREATE TABLE / CREATE VIEW received, as sent, with the DIST/SORT keys taken out of it */
  ddl: RecordedDdl[];
  store: StatementStore;
  /** calls per operation, and how many were refused as throttled */
  calls: Record<string, number>;
  throttled: number;
  /** error responses by error type (ThrottlingException, ActiveStatementsExceededException, ...) */
  errors: Record<string, number>;
  /** reads the database directly, as a BI tool would, between statements and outside open transactions */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** DISTSTYLE/DISTKEY/SORTKEY of a live table (follows renames) */
  tableDesign(schema: string, table: string): Promise<LiveTableDesign | null>;
  close(): Promise<void>;
}

/**
 * A Redshift Data API on loopback for the real RedshiftDataClient: AWS JSON 1.1
 * (`X-Amz-Target: RedshiftData.<Operation>`), statements run on PGlite. See README.md here for
 * what it reproduces and what it does not.
 */
export async function startRedshiftEmulator(options: RedshiftEmulatorOptions = {}): Promise<RedshiftEmulator> {
  const pg = await openDatabase(options.timezone);
  const store = new StatementStore();
  const sessions = new Sessions();
  const faults = new Faults(options);
  const executor = new Executor(pg, store, sessions, faults, options.s3);
  const handlers = operations({ store, executor, sessions, faults, pageSize: options.pageSize ?? 1000 });
  const calls: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const emulator = { throttled: 0 };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('RedshiftData.') ? target.slice('RedshiftData.'.length) : '';
    calls[operation] = (calls[operation] ?? 0) + 1;
    try {
      const handler = handlers[operation];
      if (!handler) throw new ApiError('UnknownOperationException', `unknown operation ${target || '(no X-Amz-Target)'}`);
      if (faults.throttles()) {
        emulator.throttled++;
        throw new ApiError('ThrottlingException', 'Rate exceeded');
      }
      const output = handler(body ? (JSON.parse(body) as Record<string, unknown>) : {});
      if (faults.takeLostResponse(operation)) throw new ApiError('InternalServerException', 'injected: the response was lost', 500);
      reply(res, 200, output);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError('InternalServerException', e instanceof Error ? e.message : String(e), 500);
      errors[error.type] = (errors[error.type] ?? 0) + 1;
      reply(res, error.status, { __type: error.type, message: error.message });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(emulator, {
    endpoint: `http://127.0.0.1:${port}`,
    faults,
    ddl: executor.ddl,
    store,
    calls,
    errors,
    query: (sql: string) => executor.exclusive(async (db) => (await db.query<Record<string, unknown>>(sql)).rows),
    tableDesign: (schema: string, table: string) => executor.exclusive((db) => readTableDesign(db, schema, table)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pg.close();
    },
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': crypto.randomUUID() });
  res.end(text);
}

export type { RecordedDdl } from './executor.js';
export type { LiveTableDesign } from './table-design-store.js';
