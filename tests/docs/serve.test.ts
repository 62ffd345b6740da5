import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveDocs, type DocsServer } from '../../src/docs/serve.js';

/** A raw request: fetch() would normalise `..` away before it reached the server. */
function get(url: string, path: string, method = 'GET'): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('error', reject).end();
  });
}

describe('keel docs serve', () => {
  let s: DocsServer | undefined;
  afterEach(async () => {
    await s?.close();
  });

  it('serves the site read-only on 127.0.0.1 and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'keel-serve-'));
    mkdirSync(join(root, 'docs/assets'), { recursive: true });
    writeFileSync(join(root, 'docs/index.html'), '<h1>docs</h1>');
    writeFileSync(join(root, 'docs/assets/a.js'), 'x()');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    s = await serveDocs(join(root, 'docs'), 0);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get(s.url, '/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<h1>docs</h1>' });
    expect(await get(s.url, '/assets/a.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/nope.js'])
      expect((await get(s.url, path)).status, path).toBe(404);
    expect((await get(s.url, '/', 'POST')).status).toBe(405);
    expect((await get(s.url, '/', 'HEAD')).body).toBe('');
  });
});
