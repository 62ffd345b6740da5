import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSync, type SyncOptions } from '../../src/sync/run-sync.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { BUCKET, emailOf, maidOf, parseObject, sha256, syncProject } from './fixtures.js';
import { liveEnv, startServers, type LiveServers } from './live-env.js';
import { SegmentSim, type Person } from './segment-sim.js';

const people = (n: number) => new Map<string, Person>(Array.from({ length: n }, (_, i) => [`q${i}`, { email: emailOf(`q${i}`), maid: maidOf(i) }]));
const fast: SyncOptions['tuning'] = { retry: { baseMs: 2, capMs: 20, maxAttempts: 12 }, upload: { multipartThresholdBytes: 4096, partBytes: 4096 } };
let servers: LiveServers;
const saved = { ...process.env };

beforeAll(async () => {
  servers = await startServers({ minPartBytes: 1, timeoutSeconds: 0.3 });
  Object.assign(process.env, liveEnv());
});
afterAll(async () => {
  await servers.stop();
  process.env = saved;
});
afterEach(() => {
  servers.s3.fault = undefined;
  servers.lotame.fault = undefined;
  servers.lotame.faults.length = 0;
});

describe('keel sync failure semantics', () => {
  it('survives a throttling storm: 429s with Retry-After, 500s, timeouts and S3 SlowDown, and sends each member once', async () => {
    const p = syncProject({ destination: servers.destination });
    await new SegmentSim(join(p.dir, 'target/t.duckdb')).build(people(400), '2025-06-01 10:00:00');
    servers.lotame.faults.push(
      { status: 429, retryAfter: '0' },
      { status: 429, retryAfter: '0' },
      { status: 500 },
      { hang: true },
      { status: 503 },
      { status: 429 },
    );
    let calls = 0;
    servers.s3.fault = ({ method }) => {
      calls++;
      if (method === 'GET') return undefined;
      if (calls % 3 === 0) return { status: 503, code: 'SlowDown' };
      if (calls % 7 === 0) return { status: 500, code: 'InternalError' };
      if (calls === 5) return { hang: true };
      return undefined;
    };
    const notes: string[] = [];
    const r = await runSync({
      projectDir: p.dir,
      env: liveEnv(),
      tuning: fast,
      reporter: { started() {}, segment() {}, run() {}, finished() {}, note: (m) => notes.push(m) },
    });
    expect(r.success).toBe(true);
    expect(notes.some((n) => n.includes('429'))).toBe(true);
    expect(notes.some((n) => n.includes('SlowDown'))).toBe(true);
    expect(servers.lotame.behaviors).toHaveLength(1);
    const key = r.runs[0]!.files.find((f) => f.key.endsWith('_EMAIL_SHA256.json.gz'))!.key;
    const lines = parseObject(servers.s3.get(BUCKET, key)!.body);
    expect(lines.map((l) => l.userid)).toEqual([...people(400).keys()].map((k) => sha256(emailOf(k))).sort());
  });

  it('a 4xx other than 429 stops that segment with a clear message; the others still sync', async () => {
    const p = syncProject({
      destination: servers.destination,
      more: { other: '        behavior: keel refill due\n        identifiers:\n          - {column: email, type: email}' },
    });
    const db = join(p.dir, 'target/t.duckdb');
    await new SegmentSim(db).build(people(3), '2025-06-01 10:00:00');
    await new SegmentSim(db, 'other').build(people(2), '2025-06-01 10:00:00');
    servers.lotame.fault = ({ method, path }) =>
      method === 'GET' && path.endsWith('behaviors/search') && calls++ === 0
        ? { status: 403, body: { error: 'client 4321 is not accessible with this token' } }
        : undefined;
    let calls = 0;
    const r = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(r.success).toBe(false);
    const [other, seg] = [...r.segments].sort((a, b) => a.segment.localeCompare(b.segment));
    expect(other).toMatchObject({ segment: 'other', status: 'failed' });
    expect(other!.message).toContain('answered 403: client 4321 is not accessible');
    expect(seg).toMatchObject({ segment: 'seg', status: 'acknowledged', counts: { members: 3 } });
    expect(servers.lotame.log.filter((l) => l.status === 403)).toHaveLength(1);
    const rows = await queryDuckDB(db, 'select segment, status from main.keel_sync_runs order by segment');
    expect(rows).toEqual([
      { segment: 'other', status: 'failed' },
      { segment: 'seg', status: 'acknowledged' },
    ]);
    // the failed segment advanced nothing: the next sync sends all its members
    const again = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast, select: ['other'] });
    expect(again.segments).toMatchObject([{ segment: 'other', status: 'acknowledged', mode: 'full', counts: { adds: 2 } }]);
  });

  it('an upload that keeps failing leaves the run planned; the next sync completes that same run', async () => {
    const p = syncProject({ destination: servers.destination });
    const db = join(p.dir, 'target/t.duckdb');
    await new SegmentSim(db).build(people(5), '2025-06-01 10:00:00');
    servers.s3.fault = ({ method }) => (method === 'PUT' ? { status: 403, code: 'AccessDenied' } : undefined);
    const failed = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(failed.success).toBe(false);
    expect(failed.runs[0]).toMatchObject({ status: 'planned' });
    expect(failed.runs[0]!.message).toContain('AccessDenied');
    expect(await queryDuckDB(db, 'select status, message is not null as m from main.keel_sync_runs')).toEqual([{ status: 'planned', m: true }]);
    servers.s3.fault = undefined;
    const resumed = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(resumed.success).toBe(true);
    expect(resumed.runs).toMatchObject([{ runId: failed.runs[0]!.runId, resumed: true, status: 'acknowledged', dataLines: 10 }]);
  });

  it('refuses to send a column of raw email addresses declared as an id sent as it is', async () => {
    const p = syncProject({
      destination: servers.destination,
      sync: '        behavior: keel leaky\n        identifiers:\n          - {column: email, type: email_sha256}',
    });
    await new SegmentSim(join(p.dir, 'target/t.duckdb')).build(people(2), '2025-06-01 10:00:00');
    const puts = servers.s3.requests.length;
    const r = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(r.segments[0]).toMatchObject({ status: 'failed' });
    expect(r.segments[0]!.message).toContain("model 'seg' column 'email' is declared email_sha256 but 2 of its values are email addresses");
    expect(r.segments[0]!.message).not.toContain('@example.com');
    expect(servers.s3.requests.length).toBe(puts);
  });

  it('rejects a plaintext identifier type at load, naming the file and the key', async () => {
    const p = syncProject({ sync: '        identifiers:\n          - {column: email, type: plaintext_email}' });
    await expect(runSync({ projectDir: p.dir, env: {} })).rejects.toThrow(
      /sync\.lotame\.identifiers\.0\.type.*'plaintext_email' cannot be sent to Lotame: raw PII never leaves keel/,
    );
  });
});
