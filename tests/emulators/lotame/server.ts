import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Behavior {
  id: number;
  name: string;
  description?: string;
  clientId: number;
  behaviorTypeId: number;
}

export interface Audience {
  id: number;
  name: string;
  clientId: number;
  definition: unknown;
}

/**
 * A fault for one request: an HTTP error (optionally with Retry-After), a response that never
 * comes, or a request that is carried out but whose answer is lost (the connection drops).
 */
export type LotameFault = { status: number; retryAfter?: string; body?: unknown } | { hang: true } | { loseAnswer: true };

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** header names only: values may be secrets */
  headerNames: string[];
}

/**
 * A loopback stand-in for Lotame's Admin Services API (`/2/`): the two auth headers, behaviors
 * (search, get, create) and audiences (search, get, create). Faults are queued per request or
 * chosen by a hook, to exercise throttling, server errors and timeouts.
 */
export class LotameApiEmulator {
  readonly behaviors: Behavior[] = [];
  readonly audiences: Audience[] = [];
  readonly log: LoggedRequest[] = [];
  /** faults served to the next requests, first in first out */
  readonly faults: LotameFault[] = [];
  fault: ((req: { method: string; path: string }) => LotameFault | undefined) | undefined;
  private nextId = 9000;
  private server: Server | null = null;
  private readonly hung = new Set<ServerResponse>();

  constructor(private readonly credentials: { token: string; access: string }) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: Error) => json(res, 500, { error: e.message }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/2/`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://lotame.local');
    const method = req.method ?? 'GET';
    const body = await readJson(req);
    let lose = false;
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.log.push({ method, path: `${url.pathname}${url.search}`, status: lose ? -status : status, headerNames: Object.keys(req.headers) });
      if (lose) res.destroy();
      else json(res, status, payload, headers);
    };
    if (req.headers['x-lotame-token'] !== this.credentials.token || req.headers['x-lotame-access'] !== this.credentials.access) {
      return reply(401, { error: 'Unauthorized' });
    }
    const fault = this.faults.shift() ?? this.fault?.({ method, path: url.pathname });
    if (fault && 'hang' in fault) {
      this.log.push({ method, path: url.pathname, status: 0, headerNames: Object.keys(req.headers) });
      this.hung.add(res);
      return;
    }
    if (fault && 'loseAnswer' in fault) lose = true;
    else if (fault)
      return reply(fault.status, fault.body ?? { error: `injected ${fault.status}` }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});

    const path = url.pathname.replace(/^\/2\//, '');
    const clientId = Number(url.searchParams.get('client_id'));
    if (method === 'GET' && path === 'behaviors/search') {
      const term = (url.searchParams.get('searchTerm') ?? '').toLowerCase();
      const found = this.behaviors.filter((b) => b.name.toLowerCase().includes(term) && (!clientId || b.clientId === clientId));
      return reply(200, { Behavior: found, total_rows: found.length });
    }
    if (method === 'GET' && path === 'audiences/search') {
      const term = (url.searchParams.get('searchTerm') ?? '').toLowerCase();
      const found = this.audiences.filter((a) => a.name.toLowerCase().includes(term) && (!clientId || a.clientId === clientId));
      return reply(200, { Audience: found, total_rows: found.length });
    }
    const byId = /^(behaviors|audiences)\/(\d+)$/.exec(path);
    if (method === 'GET' && byId) {
      const list: Array<{ id: number }> = byId[1] === 'behaviors' ? this.behaviors : this.audiences;
      const item = list.find((x) => x.id === Number(byId[2]));
      return item ? reply(200, item) : reply(404, { error: 'Not Found' });
    }
    if (method === 'POST' && path === 'behaviors') {
      const b = body as Partial<Behavior> | undefined;
      if (!b?.name || !b.clientId || !b.behaviorTypeId) return reply(400, { error: 'name, clientId and behaviorTypeId are required' });
      if (this.behaviors.some((x) => x.name === b.name && x.clientId === Number(b.clientId))) return reply(409, { error: 'a behavior with this name exists' });
      const created: Behavior = {
        id: this.nextId++,
        name: b.name,
        description: b.description,
        clientId: Number(b.clientId),
        behaviorTypeId: Number(b.behaviorTypeId),
      };
      this.behaviors.push(created);
      return reply(200, created);
    }
    if (method === 'POST' && path === 'audiences') {
      const a = body as Partial<Audience> | undefined;
      if (!a?.name || !a.clientId || !a.definition) return reply(400, { error: 'name, clientId and definition are required' });
      const created: Audience = { id: this.nextId++, name: a.name, clientId: Number(a.clientId), definition: a.definition };
      this.audiences.push(created);
      return reply(200, created);
    }
    return reply(404, { error: `no route for ${method} ${url.pathname}` });
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
