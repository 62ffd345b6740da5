import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSync, type SyncOptions } from '../../src/sync/run-sync.js';
import { BUCKET, CLIENT_ID, emailOf, maidOf, parseObject, sha256, syncProject } from './fixtures.js';
import { liveEnv, startServers, type LiveServers } from './live-env.js';
import { SegmentSim, type Person } from './segment-sim.js';

const people = (keys: string[]) => new Map<string, Person>(keys.map((k, i) => [k, { email: emailOf(k), maid: i % 3 ? null : maidOf(i) }]));
const fast: SyncOptions['tuning'] = { retry: { baseMs: 2, capMs: 20 } };
let servers: LiveServers;
const saved = { ...process.env };

beforeAll(async () => {
  servers = await startServers({ minPartBytes: 1 });
  // the AWS SDK reads credentials from the process environment (vitest runs each file in its own process)
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

const bucket = (prefix: string) => new Map(servers.s3.list(BUCKET, prefix).map((k) => [k, parseObject(servers.s3.get(BUCKET, k)!.body)]));

describe('keel sync to Lotame (loopback Admin API and S3)', () => {
  it('creates the behavior once, uploads every member first and only changes next, marker after the files', async () => {
    const p = syncProject({ destination: servers.destination });
    const sim = new SegmentSim(join(p.dir, 'target/t.duckdb'));
    await sim.build(people(['a1', 'a2', 'a3']), '2025-06-01 10:00:00');
    const first = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(first.success).toBe(true);
    expect(first.delivery).toBe('s3');
    expect(first.segments[0]).toMatchObject({ status: 'acknowledged', behavior: { name: 'keel cart abandoners', created: true } });
    const run1 = first.runs[0]!.runId;
    const prefix = `onboarding/in/client_id=${CLIENT_ID}/type=DATA/keel_${run1}`;
    expect(bucket(prefix)).toEqual(
      new Map([
        [`${prefix}.done`, []],
        [
          `${prefix}_0001_EMAIL_SHA256.json.gz`,
          ['a1', 'a2', 'a3']
            .map((k) => sha256(emailOf(k)))
            .sort()
            .map((userid) => ({ userid, segments: ['keel cart abandoners'] })),
        ],
        [`${prefix}_0001_MAID.json.gz`, [{ userid: maidOf(0), segments: ['keel cart abandoners'] }]],
      ]),
    );
    const puts = servers.s3.requests.filter((r) => r.method === 'PUT' && r.path.includes(run1)).map((r) => r.path.split('/').pop());
    expect(puts.at(-1)).toBe(`keel_${run1}.done`);
    expect(servers.lotame.behaviors).toMatchObject([{ name: 'keel cart abandoners', clientId: Number(CLIENT_ID), behaviorTypeId: 7 }]);

    await sim.build(people(['a1', 'a3', 'a4']), '2025-06-02 10:00:00');
    const second = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(second.segments[0]).toMatchObject({
      status: 'acknowledged',
      mode: 'delta',
      behavior: { created: false },
      counts: { members: 3, adds: 1, removes: 1, optouts: 0 },
    });
    const run2 = second.runs[0]!.runId;
    expect(
      bucket(`onboarding/in/client_id=${CLIENT_ID}/type=DATA/keel_${run2}_0001_EMAIL`).get(
        `onboarding/in/client_id=${CLIENT_ID}/type=DATA/keel_${run2}_0001_EMAIL_SHA256.json.gz`,
      ),
    ).toEqual([{ userid: sha256(emailOf('a4')), segments: ['keel cart abandoners'] }]);
    expect(servers.lotame.behaviors).toHaveLength(1);
    expect(servers.lotame.log.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('creates a behavior once even when the answer to the create is lost, and the configured audience once', async () => {
    const p = syncProject({
      destination: servers.destination,
      sync: "        behavior: keel lost answer\n        audience: 'Lost answer audience'\n        identifiers:\n          - {column: email, type: email}",
    });
    const sim = new SegmentSim(join(p.dir, 'target/t.duckdb'));
    await sim.build(people(['l1']), '2025-06-01 10:00:00');
    servers.lotame.fault = ({ method, path }) =>
      method === 'POST' && path.endsWith('/behaviors') && !servers.lotame.log.some((l) => l.status === -200) ? { loseAnswer: true } : undefined;
    const r = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(r.success).toBe(true);
    const created = servers.lotame.behaviors.filter((b) => b.name === 'keel lost answer');
    expect(created).toHaveLength(1);
    // the create went through but its answer was lost: the retry searched and found it
    expect(servers.lotame.log.filter((l) => l.method === 'POST' && l.path.endsWith('/behaviors') && l.status === -200)).toHaveLength(1);
    expect(r.segments[0]).toMatchObject({ behavior: { id: created[0]!.id, created: false }, audience: { name: 'Lost answer audience', created: true } });
    expect(servers.lotame.audiences.filter((a) => a.name === 'Lost answer audience')).toMatchObject([
      { clientId: Number(CLIENT_ID), definition: { component: [{ complexAudienceBehavior: { behavior: { id: created[0]!.id } } }] } },
    ]);
    await runSync({ projectDir: p.dir, env: liveEnv(), tuning: fast });
    expect(servers.lotame.audiences.filter((a) => a.name === 'Lost answer audience')).toHaveLength(1);
    expect(servers.lotame.behaviors.filter((b) => b.name === 'keel lost answer')).toHaveLength(1);
  });

  it('uploads large files in parts and gets the same bytes back', async () => {
    const p = syncProject({ destination: servers.destination });
    const sim = new SegmentSim(join(p.dir, 'target/t.duckdb'));
    const keys = Array.from({ length: 3000 }, (_, i) => `m${i}`);
    await sim.build(people(keys), '2025-06-01 10:00:00');
    const r = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: { ...fast, upload: { multipartThresholdBytes: 20_000, partBytes: 16_384 } } });
    expect(r.success).toBe(true);
    const file = r.runs[0]!.files.find((f) => f.key.endsWith('EMAIL_SHA256.json.gz'))!;
    expect(file.bytes).toBeGreaterThan(3 * 16_384);
    expect(servers.s3.requests.filter((q) => q.method === 'POST' && q.query.includes('uploads') && q.path.endsWith(file.key.split('/').pop()!))).toHaveLength(
      1,
    );
    const stored = servers.s3.get(BUCKET, file.key)!;
    expect(stored.etag).toMatch(/-\d+"$/);
    expect(sha256Buf(stored.body)).toBe(file.sha256);
    expect(parseObject(stored.body)).toHaveLength(3000);
  });
});

import { createHash } from 'node:crypto';
const sha256Buf = (b: Buffer) => createHash('sha256').update(b).digest('hex');
