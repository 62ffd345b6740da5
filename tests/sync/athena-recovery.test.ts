import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/run-sync.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { userFailure } from '../emulators/athena/faults.js';
import { athenaTargetYaml, startEmulator } from '../emulators/athena/test-support.js';
import { buildPeople, filesOfRun, outboxOf, segmentProject, type Person } from './engine-project.js';
import { sha256 } from './fixtures.js';

/*
 * Athena has no transactions: the sync's statements commit one by one. A sync stopped between
 * two of them must leave state the next sync repairs, so that every member is still sent once.
 */
const MAID = '00000000-0000-4000-8000-000000000001';
const PEOPLE: Record<string, Person> = {
  p1: { email: 'p1@example.com', maid: MAID, active: true, optIn: true },
  p2: { email: 'p2@example.com', maid: '', active: true, optIn: true },
  p3: { email: 'p3@example.com', maid: '', active: true, optIn: true },
};
const EVERYONE = {
  'DATA/EMAIL_SHA256': ['p1', 'p2', 'p3']
    .map((k) => sha256(`${k}@example.com`))
    .sort()
    .map((userid) => ({ userid, segments: ['keel engine test'] })),
  'DATA/MAID': [{ userid: MAID, segments: ['keel engine test'] }],
  'DATA/done': [],
};

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());
afterEach(() => emulator.heal());

let projects = 0;
/** A project on its own Glue database, its segment built. */
async function builtProject() {
  const schema = `recovery_${++projects}`;
  const p = segmentProject(`target: athena\ntargets:\n${athenaTargetYaml(emulator.endpoint, { schema })}`);
  await buildPeople(p, PEOPLE, '2025-06-01 10:00:00');
  return { dir: p.dir, rows: (sql: string) => emulator.query(sql.replaceAll('$s', schema)) };
}

const count = (rows: Array<Record<string, unknown>>) => Number(rows[0]!.n);
/** what a crashed keel leaves: the statement matching `pattern` never reaches Athena, nor anything after it */
const crashAt = (pattern: RegExp) => {
  emulator.faults = { crashOn: (call) => (call.action === 'StartQueryExecution' && pattern.test(call.sql ?? '') ? 'before' : undefined) };
};
// the killed sync's lock is this process's (alive): the next sync takes it over as a stale one
const rerun = (p: { dir: string }) => runSync({ projectDir: p.dir, env: {}, lock: { maxAgeSeconds: 0 } });

describe('keel sync on Athena, stopped between two statements', () => {
  it('a segment whose planning fails leaves no half plan: it is recorded failed and the next sync sends everyone', async () => {
    const p = await builtProject();
    emulator.faults = {
      failQuery: (q) =>
        /^update .*keel_sync_runs.* set "status" = 'planned'/i.test(q.sql) ? { failure: userFailure('GENERIC_USER_ERROR: injected') } : undefined,
    };
    const failed = await runSync({ projectDir: p.dir, env: {} });
    expect(failed.segments[0]).toMatchObject({ status: 'failed', message: expect.stringContaining('injected') });
    expect(failed.runs).toEqual([]);
    expect(await p.rows('select status from $s.keel_sync_runs')).toEqual([{ status: 'failed' }]);
    expect(count(await p.rows('select count(*) as n from $s.keel_sync_delta'))).toBe(0);

    emulator.heal();
    const next = await runSync({ projectDir: p.dir, env: {} });
    expect(filesOfRun(outboxOf(p), next)).toEqual(EVERYONE);
  });

  it('killed while planning: the next sync marks the half plan failed, drops it, and sends everyone once', async () => {
    const p = await builtProject();
    crashAt(/^update .*keel_sync_runs.* set "status" = 'planned'/i);
    await expect(runSync({ projectDir: p.dir, env: {} })).rejects.toThrow(/emulated crash/);
    expect(await p.rows('select status from $s.keel_sync_runs')).toEqual([{ status: 'planning' }]);

    emulator.heal();
    const next = await rerun(p);
    expect(next.success).toBe(true);
    expect(filesOfRun(outboxOf(p), next)).toEqual(EVERYONE);
    expect(await p.rows('select status from $s.keel_sync_runs order by started_at')).toEqual([{ status: 'failed' }, { status: 'acknowledged' }]);
    expect(count(await p.rows('select count(*) as n from $s.keel_sync_delta'))).toBe(0);
    expect(count(await p.rows('select count(*) as n from $s.keel_sync_identities'))).toBe(4);
  });

  it('killed while acknowledging: the next sync completes the same run, and the ledger holds each id once', async () => {
    const p = await builtProject();
    crashAt(/^update .*keel_sync_runs.* set "status" = 'acknowledged'/i);
    await expect(runSync({ projectDir: p.dir, env: {} })).rejects.toThrow(/emulated crash/);
    // the ledger already took the run's ids; the run is not acknowledged
    expect(count(await p.rows('select count(*) as n from $s.keel_sync_identities'))).toBe(4);
    expect(await p.rows('select status from $s.keel_sync_runs')).toEqual([{ status: 'uploaded' }]);

    emulator.heal();
    const resumed = await rerun(p);
    expect(resumed.runs).toMatchObject([{ status: 'acknowledged', resumed: true, dataLines: 4 }]);
    expect(filesOfRun(outboxOf(p), resumed)).toEqual(EVERYONE);
    expect(count(await p.rows('select count(*) as n from $s.keel_sync_identities'))).toBe(4);
    const quiet = await runSync({ projectDir: p.dir, env: {} });
    expect(quiet.segments[0]).toMatchObject({ status: 'acknowledged', counts: { adds: 0, removes: 0 } });
    expect(quiet.runs[0]!.files).toEqual([]);
  });
});
