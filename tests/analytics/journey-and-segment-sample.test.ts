import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { DEFAULT_SAMPLE_OPTIONS, cohortOf, generateEvents, hasOverlay, userIdOf, type SampleEvent } from '../../src/sample/index.js';
import { queryDuckDB } from '../helpers/duckdb.js';

/**
 * The sample workspace's journeys and segments against the behaviours the generator planted: the
 * committed seeds are the default sample, so its events say who should come out where.
 */
const ROOT = join(import.meta.dirname, '../..');
const DAY = 86_400_000;
const AS_OF = Date.parse('2025-03-02T00:00:00Z');
const START = Date.parse('2025-01-01T00:00:00Z');
const events = generateEvents(DEFAULT_SAMPLE_OPTIONS);
const persons = new Map<number, SampleEvent[]>();
for (const e of events) persons.set(e.personIndex, [...(persons.get(e.personIndex) ?? []), e]);

const tracks = (p: number, name: string) => persons.get(p)!.filter((e) => e.kind === 'track' && e.event === name && e.timestamp >= START);
const last = (xs: SampleEvent[]) => Math.max(-Infinity, ...xs.map((e) => e.timestamp));
const optedIn = (p: number) => {
  const ids = persons
    .get(p)!
    .filter((e) => e.kind === 'identify')
    .sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
  return ids.at(-1)?.properties.marketing_opt_in === true;
};
const indices = (match: (p: number) => boolean) => [...persons.keys()].filter(match).sort((a, b) => a - b);

let dir: string;
let db: string;
const query = (sql: string) => queryDuckDB(db, sql);
const members = async (segment: string) => (await query(`select person_key from segments.${segment} order by 1`)).map((r) => r.person_key);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keel-sample-analytics-'));
  for (const d of ['project.yml', 'models', 'macros', 'seeds', 'tests/sql']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  db = join(dir, 'target/keel.duckdb');
  const { results } = await invoke({ projectDir: dir, command: 'build' });
  expect(results.results.filter((r) => !['success', 'pass', 'warn'].includes(r.status)).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
});

describe('sample journeys', () => {
  it('stitch every device of multi-device and late-identifying persons to their user id', async () => {
    const graph = new Map(
      (await query("select id, person_key from journeys.journey_site_id_graph where id_type = 'anonymous_id'")).map((r) => [r.id, r.person_key]),
    );
    for (const p of indices((i) => ['multi_device', 'late_identifier'].includes(cohortOf(i)))) {
      const devices = new Set(
        persons
          .get(p)!
          .filter((e) => e.channel === 'web')
          .map((e) => e.anonymousId!),
      );
      expect(devices.size).toBeGreaterThan(0);
      for (const d of devices) expect(graph.get(d), `device ${d} of person ${p}`).toBe(userIdOf(p));
    }
  });

  it('keep a shared device with its first user and the second user separate', async () => {
    const p = indices((i) => hasOverlay(i, 'shared_device'))[0]!;
    const shared = persons.get(p - 1)!.find((e) => e.anonymousId)!.anonymousId!;
    const keys = await query(`select id, person_key from journeys.journey_site_id_graph where id in ('${shared}', '${userIdOf(p)}') order by id_type`);
    expect(keys).toEqual([
      { id: shared, person_key: userIdOf(p - 1) },
      { id: userIdOf(p), person_key: userIdOf(p) },
    ]);
  });

  it("put a late identifier's anonymous visits under their user id", async () => {
    for (const p of indices((i) => cohortOf(i) === 'late_identifier')) {
      const visits = new Set(
        persons
          .get(p)!
          .filter((e) => e.channel === 'web' && e.kind !== 'identify' && e.timestamp >= START)
          .map((e) => e.sessionIndex),
      );
      const sessions = await query(`select count(*)::int as n from journeys.journey_site where person_key = '${userIdOf(p)}'`);
      // anonymous visits on earlier days, then the one where they log in mid-visit
      expect(sessions[0]!.n).toBe(visits.size);
      expect(visits.size).toBeGreaterThan(1);
    }
  });
});

describe('sample segments', () => {
  it('cart abandoners: every consenting abandoner with a checkout in the last 7 days, and nobody who ordered since', async () => {
    const inWindow = (p: number) => last(tracks(p, 'checkout_started')) > AS_OF - 7 * DAY;
    const expected = indices((p) => cohortOf(p) === 'abandoner' && inWindow(p) && optedIn(p)).map(userIdOf);
    const got = await members('seg_cart_abandoners_7d');
    expect(expected.length).toBeGreaterThan(0);
    expect(got).toEqual(expect.arrayContaining(expected));
    for (const user of got) {
      const p = Number(String(user).slice(1)) - 1;
      expect(last(tracks(p, 'order_completed'))).toBeLessThan(last(tracks(p, 'checkout_started')));
    }
  });

  it('lab-test bookers without a consultation: every consenting lab-test-only person, nobody who booked a consultation', async () => {
    const got = await members('seg_lab_tests_no_consultation');
    const labOnly = indices((p) => cohortOf(p) === 'lab_test_only' && tracks(p, 'lab_test_booked').length > 0 && optedIn(p)).map(userIdOf);
    expect(labOnly.length).toBeGreaterThan(0);
    expect(got).toEqual(expect.arrayContaining(labOnly));
    for (const user of got) expect(tracks(Number(String(user).slice(1)) - 1, 'consultation_booked')).toEqual([]);
  });

  it('chronic refills due and lapsed prescription orderers come from the planted prescription cohorts', async () => {
    const due = await members('seg_chronic_refill_due');
    expect(due.length).toBeGreaterThan(0);
    for (const user of due) expect(cohortOf(Number(String(user).slice(1)) - 1)).toBe('chronic_refill');
    const expectedDue = indices((p) => {
      const lastRx = last(tracks(p, 'order_completed'));
      return cohortOf(p) === 'chronic_refill' && optedIn(p) && lastRx <= AS_OF - 21 * DAY && lastRx > AS_OF - 40 * DAY;
    }).map(userIdOf);
    expect(due).toEqual(expectedDue);
    for (const user of await members('seg_rx_lapsed_30_90d')) {
      const p = Number(String(user).slice(1)) - 1;
      expect(last(tracks(p, 'order_completed'))).toBeLessThanOrEqual(AS_OF - 30 * DAY);
    }
  });

  it('keeps the history across a later build and a --full-refresh; the last changes say who left and why', async () => {
    const before = await members('seg_cart_abandoners_7d');
    const later = { segment_as_of: '2025-03-20' };
    await invoke({ projectDir: dir, command: 'run', select: ['tag:segments'], vars: later });
    await invoke({ projectDir: dir, command: 'run', select: ['tag:segments'], vars: later, fullRefresh: true });
    // nothing happened after 2025-03-01: every abandoner's last checkout is now more than 7 days old
    expect(await members('seg_cart_abandoners_7d')).toEqual([]);
    const history = await query(
      "select person_key, strftime(exited_at, '%Y-%m-%d') as exited, exit_reason from segments.seg_cart_abandoners_7d_history order by 1",
    );
    expect(history).toEqual(before.map((person_key) => ({ person_key, exited: '2025-03-20', exit_reason: 'rule' })));
    // the --full-refresh build at the same as_of changed nothing
    expect(await query('select count(*)::int as n from segments.seg_cart_abandoners_7d_changes')).toEqual([{ n: 0 }]);
  });
});
