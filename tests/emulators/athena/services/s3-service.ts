import type { IncomingMessage } from 'node:http';
import type { Lake } from '../lake/lake.js';
import { AwsError } from './aws-error.js';

export interface XmlResponse {
  status: number;
  body: string;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
const xmlUnescape = (s: string) =>
  s.replace(
    /&(lt|gt|amp|apos|quot|#\d+);/g,
    (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e] ?? String.fromCharCode(Number(e.slice(1))),
  );
const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * S3's REST API, path-style (`/bucket/key`), the calls keel makes (ListObjectsV2, DeleteObjects)
 * plus PutObject, GetObject and DeleteObject. Every bucket exists. Table data is listed as
 * objects (see DataStore), so deleting it deletes rows.
 */
export class S3Service {
  constructor(private readonly lake: Lake) {}

  /** The action name for logs and faults, from method and query. */
  static action(req: IncomingMessage, url: URL): string {
    const key = url.pathname.split('/').slice(2).join('/');
    if (req.method === 'GET' && url.searchParams.get('list-type') === '2') return 'ListObjectsV2';
    if (req.method === 'POST' && url.searchParams.has('delete')) return 'DeleteObjects';
    if (req.method === 'DELETE') return 'DeleteObject';
    if (req.method === 'PUT' && key) return 'PutObject';
    if (req.method === 'GET' && key) return 'GetObject';
    return `${req.method} ${url.pathname}`;
  }

  async handle(action: string, url: URL, body: Buffer): Promise<XmlResponse> {
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const uri = (k: string) => `s3://${bucket}/${k}`;
    switch (action) {
      case 'ListObjectsV2':
        return this.list(bucket, url.searchParams);
      case 'DeleteObjects': {
        const keys = [...body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => xmlUnescape(m[1]!));
        if (keys.length > 1000) throw new AwsError('MalformedXML', 'At most 1000 keys per DeleteObjects');
        await this.lake.exclusive(async () => {
          for (const k of keys) await this.lake.data.deleteObject(uri(k));
        });
        const quiet = /<Quiet>true<\/Quiet>/i.test(body.toString('utf8'));
        const deleted = quiet ? '' : keys.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join('');
        return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="${XMLNS}">${deleted}</DeleteResult>` };
      }
      case 'DeleteObject':
        await this.lake.exclusive(() => this.lake.data.deleteObject(uri(key)));
        return { status: 204, body: '' };
      case 'PutObject':
        this.lake.data.putObject(uri(key), body);
        return { status: 200, body: '' };
      default:
        throw new AwsError('NotImplemented', `The S3 emulator has no ${action}`, 501);
    }
  }

  private async list(bucket: string, q: URLSearchParams): Promise<XmlResponse> {
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const max = Math.min(1000, Number(q.get('max-keys') ?? 1000));
    const start = q.get('continuation-token') ? Buffer.from(q.get('continuation-token')!, 'base64').toString() : (q.get('start-after') ?? '');
    const objects = await this.lake.exclusive(() => this.lake.data.listObjects(`s3://${bucket}/${prefix}`));
    const keyOf = (uri: string) => uri.slice(`s3://${bucket}/`.length);
    const entries: Array<{ key: string; size?: number; modified?: Date; prefix?: boolean }> = [];
    const seenPrefixes = new Set<string>();
    for (const o of objects) {
      const key = keyOf(o.uri);
      if (key <= start) continue;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        const p = key.slice(0, cut + delimiter.length);
        if (!seenPrefixes.has(p)) entries.push({ key: p, prefix: true });
        seenPrefixes.add(p);
      } else entries.push({ key, size: o.size, modified: o.modified });
    }
    const page = entries.slice(0, max);
    const truncated = entries.length > max;
    const contents = page
      .filter((e) => !e.prefix)
      .map(
        (e) =>
          `<Contents><Key>${xmlEscape(e.key)}</Key><LastModified>${e.modified!.toISOString()}</LastModified><ETag>"0"</ETag><Size>${e.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      )
      .join('');
    const prefixes = page
      .filter((e) => e.prefix)
      .map((e) => `<CommonPrefixes><Prefix>${xmlEscape(e.key)}</Prefix></CommonPrefixes>`)
      .join('');
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!.key).toString('base64')}</NextContinuationToken>` : '';
    return {
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="${XMLNS}"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${prefixes}${next}</ListBucketResult>`,
    };
  }
}

export function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message><RequestId>emulator</RequestId></Error>`;
}
