import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom, type CallRecord, type Faults } from './faults.js';
import { Lake } from './lake/lake.js';
import { AthenaService } from './services/athena/athena-service.js';
import { runStatement } from './services/athena/run-statement.js';
import { AwsError } from './services/aws-error.js';
import { GlueService } from './services/glue-service.js';
import { s3ErrorXml, S3Service } from './services/s3-service.js';

export interface EmulatorOptions {
  /** seed of the fault dice (default 1) */
  seed?: number;
  /** queries RUNNING at once; the rest wait QUEUED (default 4) */
  maxRunningQueries?: number;
}

const JSON_11 = 'application/x-amz-json-1.1';
const GLUE_WRITES = /^(Create|Update|Delete|BatchCreate|BatchUpdate|BatchDelete)/;

/**
 * Athena, Glue and S3 on one loopback port, speaking the AWS wire protocols so the real SDK
 * clients (with `endpoint` set) talk to it: JSON 1.1 with `X-Amz-Target: AmazonAthena.*` and
 * `AWSGlue.*`, and S3's path-style REST/XML. Requests are not signature-checked. See README.md.
 */
export class AwsEmulator {
  readonly calls: CallRecord[] = [];
  faults: Faults = {};
  /** set when a `crashOn` fault fired: every later call is refused */
  crashed = false;
  private readonly random: () => number;

  private constructor(
    readonly lake: Lake,
    readonly athena: AthenaService,
    private readonly glue: GlueService,
    private readonly s3: S3Service,
    private readonly server: Server,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  static async start(opts: EmulatorOptions = {}): Promise<AwsEmulator> {
    const lake = await Lake.open();
    let emulator: AwsEmulator | undefined;
    const athena = new AthenaService(lake, () => emulator!.faults, opts.maxRunningQueries ?? 4);
    const server = createServer((req, res) => void emulator!.serve(req, res));
    emulator = new AwsEmulator(lake, athena, new GlueService(lake), new S3Service(lake), server, opts.seed ?? 1);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return emulator;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Clears faults and the crash, keeping data and the call log. */
  heal(): void {
    this.faults = {};
    this.crashed = false;
  }

  /** Runs Athena SQL directly (no API, no faults) and returns rows as JS values: what a reader would see. */
  async query(sql: string, database = 'default'): Promise<Array<Record<string, unknown>>> {
    return this.lake.exclusive(async () => {
      const out = await runStatement(sql, {
        lake: this.lake,
        queryId: randomUUID(),
        catalog: 'awsdatacatalog',
        database,
        outputLocation: 's3://emulator-results/',
      });
      const cols = out.result?.columns ?? [];
      return (out.result?.rows ?? []).map((r) => Object.fromEntries(cols.map((c, i) => [c.Name, r[i]])));
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.lake.exclusive(async () => this.lake.close());
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [prefix, action = ''] = target.split('.');
    const service = prefix === 'AmazonAthena' ? 'athena' : prefix === 'AWSGlue' ? 'glue' : 's3';
    const s3Action = service === 's3' ? S3Service.action(req, url) : '';
    const json = service === 's3' ? {} : parseJson(body);
    const call: CallRecord = {
      index: this.calls.length + 1,
      service,
      action: service === 's3' ? s3Action : action,
      mutating:
        service === 'athena'
          ? action === 'StartQueryExecution'
          : service === 'glue'
            ? GLUE_WRITES.test(action)
            : ['DeleteObjects', 'DeleteObject', 'PutObject'].includes(s3Action),
      sql: json.QueryString,
      token: json.ClientRequestToken,
      target:
        service === 'glue'
          ? [json.DatabaseName ?? json.DatabaseInput?.Name, json.Name ?? json.TableName ?? json.TableInput?.Name].filter(Boolean).join('.')
          : undefined,
    };
    this.calls.push(call);
    try {
      if (this.crashed) throw new AwsError('AccessDeniedException', 'emulated crash: this client is gone', 403);
      const crash = this.faults.crashOn?.(call);
      if (crash === 'before') {
        this.crashed = true;
        throw new AwsError('AccessDeniedException', 'emulated crash: this client is gone', 403);
      }
      if (this.random() < (this.faults.throttleRate ?? 0)) throw throttled(service, this.random());
      const result = service === 's3' ? await this.s3.handle(s3Action, url, body) : await (service === 'athena' ? this.athena : this.glue).handle(action, json);
      if (crash === 'after') this.crashed = true;
      if (service === 'athena' && action === 'StartQueryExecution' && this.random() < (this.faults.lostStartResponseRate ?? 0)) {
        throw new AwsError('InternalServerException', 'emulated: the query started but this response was lost', 500);
      }
      call.outcome = 'ok';
      if (service === 's3') {
        const r = result as { status: number; body: string };
        res.writeHead(r.status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() }).end(r.body);
      } else res.writeHead(200, { 'content-type': JSON_11, 'x-amzn-requestid': randomUUID() }).end(JSON.stringify(result ?? {}));
    } catch (e) {
      const err = e instanceof AwsError ? e : new AwsError('InternalServerException', e instanceof Error ? e.message : String(e), 500);
      call.outcome = err.code;
      if (service === 's3') res.writeHead(err.status, { 'content-type': 'application/xml' }).end(s3ErrorXml(err.code, err.message));
      else
        res
          .writeHead(err.status, { 'content-type': JSON_11, 'x-amzn-errortype': err.code })
          .end(JSON.stringify({ __type: err.code, Message: err.message, ...err.extra }));
    }
  }
}

function throttled(service: string, dice: number): AwsError {
  if (service === 's3') return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
  if (service === 'athena' && dice < 0.5) return new AwsError('TooManyRequestsException', 'Rate exceeded', 400, { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' });
  return new AwsError('ThrottlingException', 'Rate exceeded', 400);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): Record<string, any> {
  if (!body.length) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'the request body is not JSON');
  }
}
