import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockHolder } from '../../src/engines/engine.js';
import { readLockFile, toFile } from '../../src/scheduling/lock/lock-file.js';
import { runSync } from '../../src/sync/run-sync.js';
import { silentSyncReporter } from '../../src/sync/reporter.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine, redshiftTargetYaml, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';
import { buildPeople, outboxOf, segmentProject, withTarget } from './engine-project.js';
import { emailOf, syncProject } from './fixtures.js';
import { keelAsync } from './keel-async.js';
import { SegmentSim } from './segment-sim.js';

const build = (invocationId: string): LockHolder => ({
  pid: process.pid,
  host: hostname(),
  invocationId,
  command: 'build',
  startedAt: new Date().toISOString(),
});

let redshift: RedshiftEmulator;
beforeAll(async () => {
  useFakeAwsEnvironment();
  redshift = await startRedshiftEmulator();
});
afterAll(async () => redshift?.close());

describe("keel sync holds the target's build lock", () => {
  it('DuckDB: while a build holds the lock file the sync exits 3 naming it and sends nothing; it holds the lock itself while it runs', async () => {
    const p = syncProject();
    const db = join(p.dir, 'target/t.duckdb');
    await new SegmentSim(db).build(new Map([['k1', { email: emailOf('k1') }]]), '2025-06-01 10:00:00');
    const lock = `${db}.keel.lock`;
    writeFileSync(lock, JSON.stringify(toFile(build('build-in-progress'))));

    const refused = await keelAsync(['sync'], p.dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Target 'dev' is locked by keel build \(invocation build-in-progress, pid \d+/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(p.dir, 'target/outbox'))).toBe(false);
    expect(await queryDuckDB(db, "select count(*)::int n from information_schema.tables where table_name = 'keel_sync_runs'")).toEqual([{ n: 0 }]);

    rmSync(lock);
    let heldBy: string | undefined;
    const synced = await runSync({ projectDir: p.dir, env: {}, reporter: { ...silentSyncReporter, started: () => (heldBy = readLockFile(lock)?.command) } });
    expect(heldBy).toBe('sync');
    expect(synced.segments[0]).toMatchObject({ status: 'acknowledged', counts: { adds: 1 } });
    expect(existsSync(lock)).toBe(false);
  });

  it('Redshift: while a build holds the warehouse lock the sync refuses with exit code 3 and records nothing; a build cannot take it from a running sync', async () => {
    const p = segmentProject(`target: redshift\ntargets:\n  redshift:\n${redshiftTargetYaml(redshift, 'locked')}`);
    await buildPeople(p, { k1: { email: emailOf('k1'), maid: '', active: true, optIn: true } }, '2025-06-01 10:00:00');
    const other = emulatedEngine(redshift, { schema: 'locked' });
    await other.open();
    try {
      const held = await other.tryAcquireLock(build('nightly-build'), { maxAgeSeconds: 3600 });
      expect(held.acquired).toBe(true);
      const refused = await runSync({ projectDir: p.dir, env: {} }).catch((e: Error & { exitCode?: number }) => e);
      expect(refused).toMatchObject({ exitCode: 3, message: expect.stringMatching(/Target 'redshift' is locked by keel build \(invocation nightly-build/) });
      expect(outboxOf(p).size).toBe(0);
      expect(await withTarget(p, (_db, schema, engine) => engine.getRelation({ schema, identifier: 'keel_sync_runs' }))).toBeNull();
      if (held.acquired) await held.release();

      let duringSync: Promise<unknown> = Promise.resolve();
      const reporter = { ...silentSyncReporter, started: () => (duringSync = other.tryAcquireLock(build('late-build'), { maxAgeSeconds: 3600 })) };
      const synced = await runSync({ projectDir: p.dir, env: {}, reporter });
      expect(await duringSync).toMatchObject({ acquired: false, holder: { command: 'sync' } });
      expect(synced.segments[0]).toMatchObject({ status: 'acknowledged', counts: { adds: 1 } });
    } finally {
      await other.close();
    }
  });
});
