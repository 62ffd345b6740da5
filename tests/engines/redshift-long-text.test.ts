import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { runSync } from '../../src/sync/run-sync.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { redshiftTargetYaml, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';
import { buildPeople, segmentProject } from '../sync/engine-project.js';
import { liveEnv, startServers, type LiveServers } from '../sync/live-env.js';

/*
 * Real Redshift counts VARCHAR lengths in bytes and makes a VARCHAR without a length 256 bytes
 * (the emulator does the same): text keel writes must come back whole however long it is.
 */

// 301 bytes of ASCII, and 100 Devanagari letters (300 bytes): both over 256 bytes
const LONG_KEY = `customer/${'k'.repeat(292)}`;
const DEVANAGARI_KEY = 'देवनागरी'.repeat(13).slice(0, 100);

let redshift: RedshiftEmulator;
let servers: LiveServers;
const saved = { ...process.env };

beforeAll(async () => {
  useFakeAwsEnvironment();
  [redshift, servers] = await Promise.all([startRedshiftEmulator(), startServers()]);
  Object.assign(process.env, liveEnv());
});
afterAll(async () => {
  await Promise.all([redshift?.close(), servers?.stop()]);
  process.env = saved;
});

describe('text longer than 256 bytes on Redshift', () => {
  it('a seed, a model, a segment and the sync state tables keep it whole', async () => {
    expect(Buffer.byteLength(LONG_KEY)).toBeGreaterThan(256);
    expect(Buffer.byteLength(DEVANAGARI_KEY)).toBe(300);
    const p = segmentProject(`target: redshift\ntargets:\n  redshift:\n${redshiftTargetYaml(redshift, 'longtext')}`, servers.destination);
    p.write('models/paths.sql', "{{ config(materialized='table') }}select person_key, person_key || '/' || email as page_path from {{ ref('people') }}");
    await buildPeople(
      p,
      {
        [LONG_KEY]: { email: 'p1@example.com', maid: '', active: true, optIn: true },
        [DEVANAGARI_KEY]: { email: 'p2@example.com', maid: '', active: true, optIn: true },
      },
      '2025-06-01 10:00:00',
    );
    const keys = [DEVANAGARI_KEY, LONG_KEY].sort();
    const column = async (sql: string) => (await redshift.query(sql)).map((r) => Object.values(r)[0] as string).sort();
    expect(await column('select person_key from longtext.people')).toEqual(keys);
    expect(await column('select page_path from longtext.paths')).toEqual([`${DEVANAGARI_KEY}/p2@example.com`, `${LONG_KEY}/p1@example.com`].sort());
    expect(await column('select person_key from longtext.seg')).toEqual(keys);

    const sync = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: { retry: { baseMs: 2, capMs: 20 } } });
    expect(sync.success, JSON.stringify(sync.segments.map((s) => s.message))).toBe(true);
    expect(await column('select distinct person_key from longtext.keel_sync_identities')).toEqual(keys);

    // a rebuild (incremental history, the ledger read back) keeps matching the whole keys
    const again = await invoke({ projectDir: p.dir, command: 'build', vars: { as_of: '2025-06-02 10:00:00' } });
    expect(again.results.results.filter((r) => !['success', 'pass'].includes(r.status))).toEqual([]);
    const next = await runSync({ projectDir: p.dir, env: liveEnv(), tuning: { retry: { baseMs: 2, capMs: 20 } } });
    expect(next.segments[0]!.counts).toMatchObject({ adds: 0, removes: 0 });
  });
});
