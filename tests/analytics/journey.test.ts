import { afterEach, describe, expect, it } from 'vitest';
import { buildJourney } from '../../src/materialize/journey/index.js';
import { cohortOf, generateEvents, type SampleEvent } from '../../src/sample/index.js';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { buildModel, callRows, engineWithCalls, rowsOf, type CallRow } from './journey-harness.js';
import { idGraphRows, referenceIdGraph, referenceSessions, type RefOptions } from './journey-reference.js';

// 45 persons: every cohort and every overlay (shared device at 42, ties at 12 and 42, out of order at 6) occurs
const PERSONS = 45;
const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34];
// the generator's calls are 1-60 s apart within a visit and visits 30+ minutes apart: 45 seconds
// cuts visits, 2 hours merges them, so the gap logic is exercised both ways
const GAPS: Array<[string, number]> = [
  ['30 minutes', 30 * 60_000],
  ['45 seconds', 45_000],
  ['2 hours', 2 * 3_600_000],
];
const gapOf = (seed: number) => GAPS[seed % GAPS.length]!;

const configFor = (seed: number) => ({
  materialized: 'journey',
  journey: {
    extra_ids: ['email_sha256'],
    landing_columns: ['page_path', 'utm_source'],
    // short paths so the cap is exercised
    max_path_steps: 6,
    split_at_midnight: seed % 2 === 0,
    session_gap: gapOf(seed)[0],
  },
});
const refOptions = (seed: number): RefOptions => ({
  gapMs: gapOf(seed)[1],
  splitAtMidnight: seed % 2 === 0,
  maxPathSteps: 6,
  landing: ['page_path', 'utm_source'],
});

const sessionsSql = (table: string) => `
  select person_key, session_id, epoch_ms(session_start) as session_start, epoch_ms(session_end) as session_end,
         duration_ms, events_count, entry_step, exit_step, path, page_path, utm_source
  from main.${table} order by session_id`;
const graphSql = (table: string) => `select id, id_type, person_key from main.${table}_id_graph order by id_type, id`;

function sortedReference(calls: CallRow[], seed: number) {
  return referenceSessions(calls, refOptions(seed))
    .map(({ landing, ...s }) => ({ ...s, ...landing }))
    .sort((a, b) => (a.session_id < b.session_id ? -1 : 1));
}

/** A late identifier's identify call: the boundary falls inside the session where they log in. */
function midSessionIdentify(events: SampleEvent[]): number {
  const identify = events.find((e) => cohortOf(e.personIndex) === 'late_identifier' && e.kind === 'identify');
  return identify!.timestamp - 1;
}

const BLANK_IDS = ['', ' ', '\t', ' \r\n '];

/** Calls as some SDKs send them: `user_id: ''` (or blanks) before login, blank extra ids on identifies. */
function withBlankIds(calls: CallRow[]): CallRow[] {
  return calls.map((c, i) => ({
    ...c,
    user_id: c.user_id ?? BLANK_IDS[i % BLANK_IDS.length]!,
    email_sha256: c.email_sha256 ?? (c.event === null ? BLANK_IDS[(i + 1) % BLANK_IDS.length]! : null),
  }));
}

let engine: DuckDBEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('journey agrees with the reference implementation', () => {
  it.each(SEEDS)('seed %i: id graph, sessions, and incremental builds equal to a full refresh', async (seed) => {
    const events = generateEvents({ seed, persons: PERSONS, startDate: '2025-01-01', days: 28 });
    // odd seeds: every missing id is sent as '' or blanks, which must change nothing
    const calls = seed % 2 ? withBlankIds(callRows(events)) : callRows(events);
    engine = await engineWithCalls(calls);
    const config = configFor(seed);

    await buildModel(engine, buildJourney, { sql: 'select * from main.calls', config });
    const graph = idGraphRows(referenceIdGraph(calls)).sort((a, b) => (a.id_type + a.id < b.id_type + b.id ? -1 : 1));
    expect(await rowsOf(engine, graphSql('journey'))).toEqual(
      [...graph].sort((a, b) => a.id_type.localeCompare(b.id_type) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    );
    const full = await rowsOf(engine, sessionsSql('journey'));
    expect(full).toEqual(sortedReference(calls, seed));

    // three builds as the events arrive by event time; the first boundary cuts a late identifier's login session
    const inc = { schema: 'main', identifier: 'journey_inc' };
    const sorted = [...calls].sort((a, b) => a.timestamp - b.timestamp);
    const boundaries = [midSessionIdentify(events), sorted[Math.floor(sorted.length * (0.5 + (seed % 4) / 10))]!.timestamp];
    for (const b of boundaries.sort((x, y) => x - y)) {
      await buildModel(engine, buildJourney, { relation: inc, sql: `select * from main.calls where "timestamp" <= make_timestamp(${b * 1000})`, config });
    }
    const last = await buildModel(engine, buildJourney, { relation: inc, sql: 'select * from main.calls', config });
    expect(last.result.message).toContain('rebuilt from');
    expect(await rowsOf(engine, sessionsSql('journey_inc'))).toEqual(full);
    expect(await rowsOf(engine, graphSql('journey_inc'))).toEqual(await rowsOf(engine, graphSql('journey')));
  });

  it('late arrivals within the lookback are picked up by incremental builds', async () => {
    const events = generateEvents({ seed: 7, persons: PERSONS, startDate: '2025-01-01', days: 28 });
    const calls = callRows(events);
    engine = await engineWithCalls(calls);
    const config = { materialized: 'journey', journey: { ...configFor(7).journey, lookback: '2 days' } };
    const lateOnes = events.filter((e) => e.planted?.includes('late_arrival'));
    expect(lateOnes.length).toBeGreaterThan(0);
    // batches by arrival time (received_at): a queued session lands hours after later events
    const cut = Math.max(...lateOnes.map((e) => e.receivedAt)) - 1;
    await buildModel(engine, buildJourney, { sql: `select * from main.calls where received_at <= make_timestamp(${cut * 1000})`, config });
    await buildModel(engine, buildJourney, { sql: 'select * from main.calls', config });
    expect(await rowsOf(engine, sessionsSql('journey'))).toEqual(sortedReference(calls, 7));
  });

  it('the sample data holds the edge cases these tests rely on', () => {
    const events = generateEvents({ seed: 1, persons: PERSONS, startDate: '2025-01-01', days: 28 });
    const planted = new Set(events.flatMap((e) => e.planted ?? []));
    expect([...planted].sort()).toEqual(expect.arrayContaining(['out_of_order', 'timestamp_tie', 'late_arrival']));
    const usersByDevice = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.anonymousId && e.userId) usersByDevice.set(e.anonymousId, (usersByDevice.get(e.anonymousId) ?? new Set()).add(e.userId));
    }
    expect([...usersByDevice.values()].some((users) => users.size === 2)).toBe(true);
  });
});
