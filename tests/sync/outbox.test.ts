import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/run-sync.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { BUCKET, CLIENT_ID, emailOf, maidOf, readTree, sha256, syncProject } from './fixtures.js';
import { SegmentSim, type Person } from './segment-sim.js';

const people = (keys: string[]) => new Map<string, Person>(keys.map((k, i) => [k, { email: `  ${emailOf(k).toUpperCase()} `, maid: i % 2 ? null : maidOf(i) }]));
const env = {} as NodeJS.ProcessEnv;

describe('keel sync without Lotame credentials (local outbox)', () => {
  it('first sync writes every member; the next one only the changes; withdrawn consent goes to OPTOUT', async () => {
    const p = syncProject();
    const sim = new SegmentSim(join(p.dir, 'target/t.duckdb'));
    await sim.build(people(['p1', 'p2', 'p3', 'p4']), '2025-06-01 10:00:00');

    const first = await runSync({ projectDir: p.dir, env });
    expect(first.success).toBe(true);
    expect(first.delivery).toBe('outbox');
    expect(first.segments[0]).toMatchObject({ segment: 'seg', status: 'acknowledged', mode: 'full', counts: { members: 4, adds: 4, removes: 0 } });
    const outbox = join(p.dir, 'target/outbox/lotame', BUCKET);
    const run1 = first.runs[0]!.runId;
    let tree = readTree(outbox);
    const dataDir = `onboarding/in/client_id=${CLIENT_ID}/type=DATA`;
    expect([...tree.keys()]).toEqual([`${dataDir}/keel_${run1}.done`, `${dataDir}/keel_${run1}_0001_EMAIL_SHA256.json.gz`, `${dataDir}/keel_${run1}_0001_MAID.json.gz`]);
    const emails = tree.get(`${dataDir}/keel_${run1}_0001_EMAIL_SHA256.json.gz`)!;
    expect(emails).toEqual(['p1', 'p2', 'p3', 'p4'].map((k) => sha256(emailOf(k))).sort().map((userid) => ({ userid, segments: ['keel cart abandoners'] })));
    expect(tree.get(`${dataDir}/keel_${run1}_0001_MAID.json.gz`)!.map((l) => l.userid)).toEqual([maidOf(0), maidOf(2)]);

    // p2 leaves by rule, p3 withdraws consent, p5 enters
    const next = people(['p1', 'p2', 'p3', 'p4', 'p5']);
    next.delete('p2');
    next.delete('p3');
    await sim.build(next, '2025-06-02 10:00:00', { p3: 'consent_withdrawn' });
    const second = await runSync({ projectDir: p.dir, env });
    expect(second.segments[0]).toMatchObject({ status: 'acknowledged', mode: 'delta', counts: { members: 3, adds: 1, removes: 2, optouts: 1, unchanged: 2 } });
    const run2 = second.runs[0]!.runId;
    tree = readTree(outbox);
    expect(tree.get(`${dataDir}/keel_${run2}_0001_EMAIL_SHA256.json.gz`)).toEqual([{ userid: sha256(emailOf('p5')), segments: ['keel cart abandoners'] }]);
    expect(tree.get(`${dataDir}/keel_${run2}_0001_MAID.json.gz`)).toEqual([{ userid: maidOf(4), segments: ['keel cart abandoners'] }]);
    const optDir = `onboarding/in/client_id=${CLIENT_ID}/type=OPTOUT`;
    expect(tree.get(`${optDir}/keel_${run2}_0001_EMAIL_SHA256.json.gz`)).toEqual([{ userid: sha256(emailOf('p3')) }]);
    expect(tree.get(`${optDir}/keel_${run2}_0001_MAID.json.gz`)).toEqual([{ userid: maidOf(2) }]);
    expect(tree.has(`${optDir}/keel_${run2}.done`)).toBe(true);

    // nothing changed: an empty run, no files
    const third = await runSync({ projectDir: p.dir, env });
    expect(third.segments[0]).toMatchObject({ status: 'acknowledged', counts: { members: 3, adds: 0, removes: 0 } });
    expect(third.runs[0]!.files).toEqual([]);

    const runs = await queryDuckDB(join(p.dir, 'target/t.duckdb'), 'select segment, mode, status, members::int m, adds::int a, removes::int r, optouts::int o from main.keel_sync_runs order by started_at');
    expect(runs).toEqual([
      { segment: 'seg', mode: 'full', status: 'acknowledged', m: 4, a: 4, r: 0, o: 0 },
      { segment: 'seg', mode: 'delta', status: 'acknowledged', m: 3, a: 1, r: 2, o: 1 },
      { segment: 'seg', mode: 'delta', status: 'acknowledged', m: 3, a: 0, r: 0, o: 0 },
    ]);
    const results = JSON.parse(readFileSync(join(p.dir, 'target/sync_results.json'), 'utf8'));
    expect(results).toMatchObject({ success: true, delivery: 'outbox', segments: [{ segment: 'seg', status: 'acknowledged' }] });
    expect(existsSync(join(p.dir, 'target/sync/staging'))).toBe(false);
  });
});
