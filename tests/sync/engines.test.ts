import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/run-sync.js';
import { formatStatus, syncStatus } from '../../src/sync/status.js';
import type { SyncResults } from '../../src/sync/results.js';
import type { TempProject } from '../helpers/temp-project.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { athenaTargetYaml, startEmulator } from '../emulators/athena/test-support.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { redshiftTargetYaml } from '../emulators/redshift/test-support.js';
import { buildPeople, filesOfRun, outboxOf, recordedRuns, segmentProject, type Person } from './engine-project.js';
import { BUCKET, parseObject, sha256, type Line } from './fixtures.js';
import { liveEnv, startServers, type LiveServers } from './live-env.js';

const BEHAVIOR = ['keel engine test'];
const MAID_1 = '7D25B675-D928-4538-B94B-07BC745E3B8E';
const MAID_3 = '00000000-0000-4000-8000-000000000003';
const MAID_6 = '00000000-0000-4000-8000-000000000006';
const ZERO_MAID = '00000000-0000-0000-0000-000000000000';

// p4's address and p5's ad id are not valid ids: counted, never sent
const DAY_1: Record<string, Person> = {
  p1: { email: '  P1@Example.COM ', maid: MAID_1, active: true, optIn: true },
  p2: { email: 'p2@example.com', maid: '', active: true, optIn: true },
  p3: { email: 'p3@example.com', maid: MAID_3, active: true, optIn: true },
  p4: { email: 'no-at-sign', maid: '', active: true, optIn: true },
  p5: { email: 'p5@example.com', maid: ZERO_MAID, active: true, optIn: true },
  p6: { email: 'P6@example.com', maid: MAID_6, active: false, optIn: true },
};
// p2 leaves by rule, p3 withdraws consent, p6 enters
const DAY_2: Record<string, Person> = { ...DAY_1, p2: { ...DAY_1.p2!, active: false }, p3: { ...DAY_1.p3!, optIn: false }, p6: { ...DAY_1.p6!, active: true } };

const data = (ids: string[]) => ids.sort().map((userid) => ({ userid, segments: BEHAVIOR }));
const optout = (ids: string[]) => ids.sort().map((userid) => ({ userid }));
const hashed = (...keys: string[]) => keys.map((k) => sha256(`${k}@example.com`));

/** What the three syncs must deliver on every target. */
const EXPECTED_FILES = [
  {
    'DATA/EMAIL_SHA256': data(hashed('p1', 'p2', 'p3', 'p5')),
    'DATA/MAID': data([MAID_1.toLowerCase(), MAID_3]),
    'DATA/done': [],
  },
  {
    'OPTOUT/EMAIL_SHA256': optout(hashed('p3')),
    'OPTOUT/MAID': optout([MAID_3]),
    'OPTOUT/done': [],
    'DATA/EMAIL_SHA256': data(hashed('p6')),
    'DATA/MAID': data([MAID_6]),
    'DATA/done': [],
  },
  {},
];
const EXPECTED_RUNS = [
  { segment: 'seg', mode: 'full', status: 'acknowledged', members: 5, adds: 5, removes: 0, optouts: 0, invalid_ids: 2 },
  // p4 and p5 are still members: their invalid ids are counted on every run
  { segment: 'seg', mode: 'delta', status: 'acknowledged', members: 4, adds: 1, removes: 2, optouts: 1, invalid_ids: 2 },
  { segment: 'seg', mode: 'delta', status: 'acknowledged', members: 4, adds: 0, removes: 0, optouts: 0, invalid_ids: 2 },
];

interface Flow {
  files: Array<Record<string, Line[]>>;
  counts: Array<SyncResults['segments'][number]['counts']>;
  runs: Array<Record<string, unknown>>;
  /** `keel sync status`, without times, run ids and endpoint */
  status: string;
}

/** Build, sync, change (a rule exit, a consent withdrawal, an entry), build, sync, and sync once more with nothing new. */
async function syncFlow(p: TempProject, delivered: () => Map<string, Line[]>, env: NodeJS.ProcessEnv = {}): Promise<Flow> {
  const syncs: SyncResults[] = [];
  await buildPeople(p, DAY_1, '2025-06-01 10:00:00');
  syncs.push(await runSync({ projectDir: p.dir, env, tuning: { retry: { baseMs: 2, capMs: 20 } } }));
  await buildPeople(p, DAY_2, '2025-06-02 10:00:00');
  syncs.push(await runSync({ projectDir: p.dir, env, tuning: { retry: { baseMs: 2, capMs: 20 } } }));
  syncs.push(await runSync({ projectDir: p.dir, env, tuning: { retry: { baseMs: 2, capMs: 20 } } }));
  for (const s of syncs) expect(s.success, JSON.stringify(s.segments.map((x) => x.message))).toBe(true);
  const tree = delivered();
  const status = formatStatus(await syncStatus({ projectDir: p.dir }))
    .replace(/\d{8}T\d{9}Z_[0-9a-f]{4}/g, '<run>')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z/g, '<time>')
    .replace(/→ {2}\S+/g, '→  <endpoint>');
  return { files: syncs.map((s) => filesOfRun(tree, s)), counts: syncs.map((s) => s.segments[0]!.counts), runs: await recordedRuns(p), status };
}

let redshift: RedshiftEmulator;
let athena: AwsEmulator;
let servers: LiveServers;
let onDuckDB: Flow;
const saved = { ...process.env };

beforeAll(async () => {
  [redshift, athena, servers] = await Promise.all([startRedshiftEmulator(), startEmulator(), startServers()]);
  // the onboarding bucket checks its access key; the warehouse emulators take any
  Object.assign(process.env, liveEnv());
  const p = segmentProject('targets:\n  dev:\n    type: duckdb\n    path: target/t.duckdb\n    schema: main\n');
  onDuckDB = await syncFlow(p, () => outboxOf(p));
});
afterAll(async () => {
  await Promise.all([redshift?.close(), athena?.close(), servers?.stop()]);
  process.env = saved;
});

describe('keel sync from every engine: the segment kind built by keel, synced twice', () => {
  it('DuckDB sends every member first, then only the change; consent withdrawal opts out; runs are recorded', () => {
    expect(onDuckDB.files).toEqual(EXPECTED_FILES);
    expect(onDuckDB.runs).toEqual(EXPECTED_RUNS);
    expect(onDuckDB.status).toContain('members 4 as of <time>');
  });

  it('Redshift uploads to the onboarding bucket what DuckDB sends, and records the same runs in the warehouse', async () => {
    const p = segmentProject(`target: redshift\ntargets:\n  redshift:\n${redshiftTargetYaml(redshift, 'analytics')}`, servers.destination);
    const bucket = () => new Map(servers.s3.list(BUCKET, '').map((k) => [k, parseObject(servers.s3.get(BUCKET, k)!.body)]));
    const flow = await syncFlow(p, bucket, liveEnv());
    expect(flow.files).toEqual(onDuckDB.files);
    expect(flow.counts).toEqual(onDuckDB.counts);
    expect(flow.runs).toEqual(EXPECTED_RUNS);
    expect(flow.status).toBe(onDuckDB.status);
  });

  it('Athena writes to the outbox what DuckDB sends, and records the same runs in its Iceberg state tables', async () => {
    const p = segmentProject(`target: athena\ntargets:\n${athenaTargetYaml(athena.endpoint)}`);
    const flow = await syncFlow(p, () => outboxOf(p));
    expect(flow.files).toEqual(onDuckDB.files);
    expect(flow.counts).toEqual(onDuckDB.counts);
    expect(flow.runs).toEqual(EXPECTED_RUNS);
    expect(flow.status).toBe(onDuckDB.status);
    expect(athena.lake.glue.getTable('analytics', 'keel_sync_identities')?.Parameters?.table_type).toBe('ICEBERG');
  });
});
