import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/run-sync.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { BUCKET, CLIENT_ID, emailOf, maidOf, readTree, sha256, syncProject } from './fixtures.js';
import { execDuckDB, SegmentSim, type Person } from './segment-sim.js';

const people = (keys: string[]) =>
  new Map<string, Person>(keys.map((k, i) => [k, { email: `  ${emailOf(k).toUpperCase()} `, maid: i % 2 ? null : maidOf(i) }]));
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
    expect([...tree.keys()]).toEqual([
      `${dataDir}/keel_${run1}.done`,
      `${dataDir}/keel_${run1}_0001_EMAIL_SHA256.json.gz`,
      `${dataDir}/keel_${run1}_0001_MAID.json.gz`,
    ]);
    const emails = tree.get(`${dataDir}/keel_${run1}_0001_EMAIL_SHA256.json.gz`)!;
    expect(emails).toEqual(
      ['p1', 'p2', 'p3', 'p4']
        .map((k) => sha256(emailOf(k)))
        .sort()
        .map((userid) => ({ userid, segments: ['keel cart abandoners'] })),
    );
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

    const runs = await queryDuckDB(
      join(p.dir, 'target/t.duckdb'),
      'select segment, mode, status, members::int m, adds::int a, removes::int r, optouts::int o from main.keel_sync_runs order by started_at',
    );
    expect(runs).toEqual([
      { segment: 'seg', mode: 'full', status: 'acknowledged', m: 4, a: 4, r: 0, o: 0 },
      { segment: 'seg', mode: 'delta', status: 'acknowledged', m: 3, a: 1, r: 2, o: 1 },
      { segment: 'seg', mode: 'delta', status: 'acknowledged', m: 3, a: 0, r: 0, o: 0 },
    ]);
    const results = JSON.parse(readFileSync(join(p.dir, 'target/sync_results.json'), 'utf8'));
    expect(results).toMatchObject({ success: true, delivery: 'outbox', segments: [{ segment: 'seg', status: 'acknowledged' }] });
    expect(existsSync(join(p.dir, 'target/sync/staging'))).toBe(false);
  });

  it('one line per id with the behaviors of every segment of the run; full refresh after full_refresh_days', async () => {
    const p = syncProject({
      sync: '        behavior: keel cart abandoners\n        identifiers:\n          - {column: email, type: email}\n        full_refresh_days: 20',
      more: { refill: '        behavior: keel refill due\n        identifiers:\n          - {column: email, type: email}' },
    });
    const db = join(p.dir, 'target/t.duckdb');
    const seg = new SegmentSim(db);
    const refill = new SegmentSim(db, 'refill');
    await seg.build(people(['x1', 'x2']), '2025-06-01 10:00:00');
    // x2 is a member of both; x3 has two person keys with one address: still one line
    await refill.build(
      new Map([
        ['x2', { email: emailOf('x2') }],
        ['x3', { email: emailOf('x3') }],
        ['x3b', { email: emailOf('x3') }],
      ]),
      '2025-06-01 10:00:00',
    );
    const r = await runSync({ projectDir: p.dir, env });
    expect(r.segments.map((s) => [s.segment, s.status, s.counts.members])).toEqual([
      ['refill', 'acknowledged', 3],
      ['seg', 'acknowledged', 2],
    ]);
    const lines = readTree(join(p.dir, 'target/outbox/lotame', BUCKET)).get(
      `onboarding/in/client_id=${CLIENT_ID}/type=DATA/keel_${r.runs[0]!.runId}_0001_EMAIL_SHA256.json.gz`,
    )!;
    const byId = new Map(lines.map((l) => [l.userid, l.segments]));
    expect(lines).toHaveLength(3);
    expect(byId.get(sha256(emailOf('x1')))).toEqual(['keel cart abandoners']);
    expect(byId.get(sha256(emailOf('x2')))).toEqual(['keel cart abandoners', 'keel refill due']);
    expect(byId.get(sha256(emailOf('x3')))).toEqual(['keel refill due']);

    const delta = await runSync({ projectDir: p.dir, env });
    expect(delta.segments.map((s) => s.mode)).toEqual(['delta', 'delta']);
    // three weeks later the segment with full_refresh_days: 20 re-sends everyone; the other does not
    await execDuckDB(db, ['update main.keel_sync_runs set finished_at = finished_at - interval 21 day']);
    const later = await runSync({ projectDir: p.dir, env });
    expect(later.segments.map((s) => [s.segment, s.mode])).toEqual([
      ['refill', 'delta'],
      ['seg', 'full'],
    ]);
    expect(later.runs[0]!.dataLines).toBe(2);
    const forced = await runSync({ projectDir: p.dir, env, full: true, select: ['refill'] });
    expect(forced.segments.map((s) => [s.segment, s.mode])).toEqual([['refill', 'full']]);
    expect(forced.runs[0]!.dataLines).toBe(2);
  });

  it('--dry-run plans nothing and writes no file', async () => {
    const p = syncProject();
    const sim = new SegmentSim(join(p.dir, 'target/t.duckdb'));
    await sim.build(people(['d1', 'd2']), '2025-06-01 10:00:00');
    const r = await runSync({ projectDir: p.dir, env, dryRun: true });
    expect(r.segments[0]).toMatchObject({ status: 'dry_run', mode: 'full', counts: { members: 2, adds: 2 } });
    expect(existsSync(join(p.dir, 'target/outbox'))).toBe(false);
    expect(await queryDuckDB(join(p.dir, 'target/t.duckdb'), 'select count(*)::int n from main.keel_sync_runs')).toEqual([{ n: 0 }]);
  });

  it('a member whose address changes gets the new id sent; withdrawing consent later opts out the old one too', async () => {
    const p = syncProject({ sync: '        behavior: keel b\n        identifiers:\n          - {column: email, type: email}' });
    const sim = new SegmentSim(join(p.dir, 'target/t.duckdb'));
    const outbox = join(p.dir, 'target/outbox/lotame', BUCKET);
    await sim.build(
      new Map([
        ['e1', { email: 'old@example.com' }],
        ['e2', { email: emailOf('e2') }],
      ]),
      '2025-06-01 10:00:00',
    );
    await runSync({ projectDir: p.dir, env });
    await sim.build(
      new Map([
        ['e1', { email: 'New@Example.com' }],
        ['e2', { email: emailOf('e2') }],
      ]),
      '2025-06-02 10:00:00',
    );
    const changed = await runSync({ projectDir: p.dir, env });
    expect(changed.segments[0]).toMatchObject({ counts: { members: 2, adds: 0, removes: 0, unchanged: 2 } });
    const run2 = changed.runs[0]!.runId;
    expect(readTree(outbox).get(`onboarding/in/client_id=${CLIENT_ID}/type=DATA/keel_${run2}_0001_EMAIL_SHA256.json.gz`)).toEqual([
      { userid: sha256('new@example.com'), segments: ['keel b'] },
    ]);
    await sim.build(new Map([['e2', { email: emailOf('e2') }]]), '2025-06-03 10:00:00', { e1: 'consent_withdrawn' });
    const withdrawn = await runSync({ projectDir: p.dir, env });
    const run3 = withdrawn.runs[0]!.runId;
    const optout = readTree(outbox).get(`onboarding/in/client_id=${CLIENT_ID}/type=OPTOUT/keel_${run3}_0001_EMAIL_SHA256.json.gz`)!;
    expect(optout.map((l) => l.userid).sort()).toEqual([sha256('new@example.com'), sha256('old@example.com')].sort());
    // nothing of e1 is kept once they are gone
    expect(await queryDuckDB(join(p.dir, 'target/t.duckdb'), "select count(*)::int n from main.keel_sync_identities where person_key = 'e1'")).toEqual([
      { n: 0 },
    ]);
  });
});
