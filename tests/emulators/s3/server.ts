import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeAwsChunked } from './aws-chunked.js';
import { xmlError, xmlEscape } from './xml.js';

export interface StoredObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType?: string;
}

interface MultipartUpload {
  bucket: string;
  key: string;
  parts: Map<number, { body: Buffer; etag: string }>;
}

/** What a fault hook may answer for a request: an S3 error, or a response that never comes. */
export type S3Fault = { status: number; code: string; retryAfter?: string } | { hang: true };

export interface S3EmulatorOptions {
  buckets: string[];
  /** the access key id requests must be signed with (the signature itself is not verified) */
  accessKeyId: string;
  /** S3's rule: every part but the last is at least this big (real S3: 5 MiB) */
  minPartBytes?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

/**
 * A loopback S3 with path-style addressing: PutObject, GetObject, HeadObject, ListObjectsV2,
 * DeleteObject and multipart upload (create, upload part, complete, abort). Enough for the
 * AWS SDK v3 S3 client with `forcePathStyle: true`. Faults are injected per request.
 */
export class S3Emulator {
  readonly objects = new Map<string, StoredObject>();
  readonly requests: RecordedRequest[] = [];
  /** called for each request before it is served; return a fault to fail it */
  fault: ((req: { method: string; bucket: string; key: string; query: URLSearchParams }) => S3Fault | undefined) | undefined;
  private readonly uploads = new Map<string, MultipartUpload>();
  private readonly buckets: Set<string>;
  private server: Server | null = null;
  private readonly hung = new Set<ServerResponse>();

  constructor(private readonly options: S3EmulatorOptions) {
    this.buckets = new Set(options.buckets);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: Error) => send(res, 500, xmlError('InternalError', e.message)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.endpoint;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** Keys under a bucket, sorted, with their bodies. */
  list(bucket: string, prefix = ''): string[] {
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(`${bucket}/${prefix}`))
      .map((k) => k.slice(bucket.length + 1))
      .sort();
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const record = (status: number) => this.requests.push({ method, path: decodeURIComponent(url.pathname), query: url.search, status });

    const credential = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
    if (credential !== this.options.accessKeyId) {
      record(send(res, 403, xmlError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.')));
      return;
    }
    const fault = this.fault?.({ method, bucket, key, query: url.searchParams });
    if (fault && 'hang' in fault) {
      record(0);
      this.hung.add(res);
      return;
    }
    if (fault) {
      record(send(res, fault.status, xmlError(fault.code, 'injected fault'), fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}));
      return;
    }
    if (!this.buckets.has(bucket)) {
      record(send(res, 404, xmlError('NoSuchBucket', 'The specified bucket does not exist')));
      return;
    }
    const payload = req.headers['content-encoding']?.includes('aws-chunked') || req.headers['x-amz-decoded-content-length'] ? decodeAwsChunked(body) : body;
    const status = this.route(method, bucket, key, url.searchParams, payload, req, res);
    record(status);
  }

  /** Serves one request; returns the status sent. */
  private route(method: string, bucket: string, key: string, q: URLSearchParams, body: Buffer, req: IncomingMessage, res: ServerResponse): number {
    const id = `${bucket}/${key}`;
    if (method === 'GET' && !key) return this.listObjects(bucket, q, res);
    if (method === 'POST' && q.has('uploads')) {
      const uploadId = randomUUID();
      this.uploads.set(uploadId, { bucket, key, parts: new Map() });
      return send(
        res,
        200,
        `<InitiateMultipartUploadResult><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (method === 'PUT' && q.has('uploadId')) {
      const upload = this.uploads.get(q.get('uploadId')!);
      if (!upload) return send(res, 404, xmlError('NoSuchUpload', 'The specified upload does not exist.'));
      const etag = `"${md5(body).toString('hex')}"`;
      upload.parts.set(Number(q.get('partNumber')), { body, etag });
      return send(res, 200, '', { etag });
    }
    if (method === 'POST' && q.has('uploadId')) return this.complete(q.get('uploadId')!, body, res);
    if (method === 'DELETE' && q.has('uploadId')) {
      this.uploads.delete(q.get('uploadId')!);
      return send(res, 204, '');
    }
    if (method === 'PUT') {
      const expected = req.headers['content-md5'];
      if (typeof expected === 'string' && expected !== md5(body).toString('base64'))
        return send(res, 400, xmlError('BadDigest', 'The Content-MD5 you specified did not match what we received.'));
      const etag = `"${md5(body).toString('hex')}"`;
      this.objects.set(id, { body, etag, lastModified: new Date(), contentType: req.headers['content-type'] });
      return send(res, 200, '', { etag });
    }
    const object = this.objects.get(id);
    if (method === 'GET' || method === 'HEAD') {
      if (!object) return send(res, 404, method === 'HEAD' ? '' : xmlError('NoSuchKey', 'The specified key does not exist.'));
      res.writeHead(200, {
        etag: object.etag,
        'content-length': object.body.length,
        'last-modified': object.lastModified.toUTCString(),
        'content-type': object.contentType ?? 'application/octet-stream',
      });
      res.end(method === 'HEAD' ? undefined : object.body);
      return 200;
    }
    if (method === 'DELETE') {
      this.objects.delete(id);
      return send(res, 204, '');
    }
    return send(res, 405, xmlError('MethodNotAllowed', `${method} is not supported here`));
  }

  private complete(uploadId: string, body: Buffer, res: ServerResponse): number {
    const upload = this.uploads.get(uploadId);
    if (!upload) return send(res, 404, xmlError('NoSuchUpload', 'The specified upload does not exist.'));
    const listed = [...body.toString('utf8').matchAll(/<Part>[\s\S]*?<\/Part>/g)].map((m) => ({
      number: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(m[0])?.[1]),
      etag: /<ETag>(.*?)<\/ETag>/.exec(m[0])?.[1]?.replace(/&quot;/g, '"'),
    }));
    if (!listed.length) return send(res, 400, xmlError('MalformedXML', 'no parts listed'));
    const chunks: Buffer[] = [];
    const digests: Buffer[] = [];
    for (const [i, p] of listed.entries()) {
      const part = upload.parts.get(p.number);
      if (!part || part.etag !== p.etag) return send(res, 400, xmlError('InvalidPart', `part ${p.number} was not uploaded or its ETag differs`));
      if (i > 0 && listed[i - 1]!.number >= p.number) return send(res, 400, xmlError('InvalidPartOrder', 'parts must be in ascending order'));
      if (i < listed.length - 1 && part.body.length < (this.options.minPartBytes ?? 5 * 1024 * 1024)) {
        return send(res, 400, xmlError('EntityTooSmall', `part ${p.number} is smaller than the minimum allowed size`));
      }
      chunks.push(part.body);
      digests.push(md5(part.body));
    }
    const etag = `"${md5(Buffer.concat(digests)).toString('hex')}-${listed.length}"`;
    this.objects.set(`${upload.bucket}/${upload.key}`, { body: Buffer.concat(chunks), etag, lastModified: new Date() });
    this.uploads.delete(uploadId);
    return send(
      res,
      200,
      `<CompleteMultipartUploadResult><Bucket>${xmlEscape(upload.bucket)}</Bucket><Key>${xmlEscape(upload.key)}</Key><ETag>${xmlEscape(etag)}</ETag></CompleteMultipartUploadResult>`,
    );
  }

  private listObjects(bucket: string, q: URLSearchParams, res: ServerResponse): number {
    const prefix = q.get('prefix') ?? '';
    const max = Number(q.get('max-keys') ?? 1000);
    const after = q.get('continuation-token') ?? q.get('start-after') ?? '';
    const keys = this.list(bucket, prefix).filter((k) => k > after);
    const page = keys.slice(0, max);
    const truncated = keys.length > page.length;
    const contents = page
      .map((k) => {
        const o = this.objects.get(`${bucket}/${k}`)!;
        return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated ? `<NextContinuationToken>${xmlEscape(page.at(-1)!)}</NextContinuationToken>` : '';
    return send(
      res,
      200,
      `<ListBucketResult><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
    );
  }
}

function md5(b: Buffer): Buffer {
  return createHash('md5').update(b).digest();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): number {
  const payload = body ? `<?xml version="1.0" encoding="UTF-8"?>\n${body}` : '';
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
  return status;
}
