import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDB } from '../helpers/duckdb.js';
import { BUCKET, emailOf, maidOf, parseObject } from './fixtures.js';
import { syncProject } from './fixtures.js';
import { liveEnv, startServers, type LiveServers } from './live-env.js';
import { keelAsync as keel } from './keel-async.js';
import { SegmentSim, type Person } from './segment-sim.js';

const people = (keys: string[]) => new Map<string, Person>(keys.map((k, i) => [k, { email: emailOf(k), maid: i % 2 ? maidOf(i) : null }]));
let servers: LiveServers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(() => servers.stop());

/** Two builds with a sync after each; `crashAt` kills the first sync at that point, and a plain rerun follows. */
async function scenario(clientId: string, crashAt?: string) {
  const p = syncProject({ destination: servers.destination, clientId });
  const db = join(p.dir, 'target/t.duckdb');
  const sim = new SegmentSim(db);
  const env = liveEnv();
  const log: string[] = [];
  await sim.build(people(['c1', 'c2', 'c3', 'c4']), '2025-06-01 10:00:00');
  if (crashAt) {
    const killed = await keel(['sync'], p.dir, { ...env, KEEL_TEST_SYNC_CRASH_AT: crashAt });
    expect(killed.signal).toBe('SIGKILL'); // killed at the hook
    const rerun = await keel(['sync'], p.dir, env);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('completing 1 interrupted run');
    log.push(rerun.stdout);
  } else {
    expect((await keel(['sync'], p.dir, env)).code).toBe(0);
  }
  await sim.build(people(['c1', 'c3', 'c5']), '2025-06-02 10:00:00', { c2: 'consent_withdrawn' });
  const second = await keel(['sync'], p.dir, env);
  expect(second.code).toBe(0);

  // run ids are random per project: compare them by order of appearance
  const runIds = (await queryDuckDB(db, 'select run_id from main.keel_sync_runs group by run_id order by min(started_at), run_id')).map((r) =>
    String(r.run_id),
  );
  const norm = (s: string) =>
    runIds
      .reduce((acc, id, i) => acc.split(id).join(`RUN${i + 1}`), s)
      .split(`client_id=${clientId}`)
      .join('client_id=N');
  const objects = servers.s3.list(BUCKET, `onboarding/in/client_id=${clientId}/`).map((k) => [norm(k), parseObject(servers.s3.get(BUCKET, k)!.body)]);
  const runs = await queryDuckDB(
    db,
    'select run_id, segment, mode, status, members::int m, adds::int a, removes::int r, optouts::int o, files, message from main.keel_sync_runs order by run_id, segment',
  );
  const identities = await queryDuckDB(db, 'select segment, person_key, id_type, userid, run_id from main.keel_sync_identities order by all');
  const puts = servers.s3.requests.filter((r) => r.method === 'PUT' && r.path.includes(`client_id=${clientId}/`)).map((r) => norm(r.path));
  return { objects, runs: runs.map((r) => JSON.parse(norm(JSON.stringify(r)))), identities: identities.map((r) => JSON.parse(norm(JSON.stringify(r)))), puts };
}

describe('keel sync killed between upload and state commit', () => {
  it('a rerun gives the same bucket content and history as an uninterrupted run, and the next sync sends only changes', async () => {
    const clean = await scenario('1001');
    const afterUpload = await scenario('1002', 'after-upload');
    const beforeAck = await scenario('1003', 'before-ack');
    for (const crashed of [afterUpload, beforeAck]) {
      expect(crashed.objects).toEqual(clean.objects);
      expect(crashed.runs).toEqual(clean.runs);
      expect(crashed.identities).toEqual(clean.identities);
      // the interrupted run's objects were written twice under the same keys, never under new ones
      expect(new Set(crashed.puts)).toEqual(new Set(clean.puts));
      expect(crashed.puts.length).toBeGreaterThan(clean.puts.length);
    }
    // second run: c5 added, c2 opted out (consent), c4 removed by rule; nothing of run 1 sent again
    expect(clean.runs.map((r) => [r.run_id, r.status, r.mode, r.m, r.a, r.r, r.o])).toEqual([
      ['RUN1', 'acknowledged', 'full', 4, 4, 0, 0],
      ['RUN2', 'acknowledged', 'delta', 3, 1, 2, 1],
    ]);
    const run2Data = clean.objects.filter(([k]) => String(k).includes('RUN2') && String(k).includes('type=DATA') && String(k).endsWith('.gz'));
    expect(run2Data.flatMap(([, lines]) => lines as unknown[])).toHaveLength(1);
    expect(clean.objects.map(([k]) => k)).toContain('onboarding/in/client_id=N/type=OPTOUT/keel_RUN2_0001_EMAIL_SHA256.json.gz');
  });
});
