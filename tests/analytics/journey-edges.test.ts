import { afterEach, describe, expect, it } from 'vitest';
import type { KeelError } from '../../src/core/errors.js';
import { buildJourney } from '../../src/materialize/journey/index.js';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { buildModel, engineWithCalls, rowsOf, type CallRow } from './journey-harness.js';

const T0 = Date.parse('2025-01-10T23:00:00Z');
const MIN = 60_000;
let n = 0;
const call = (over: Partial<CallRow>): CallRow => ({
  id: `e${String(++n).padStart(3, '0')}`,
  anonymous_id: null,
  user_id: null,
  event: 'page:Home',
  timestamp: T0,
  received_at: T0,
  page_path: null,
  utm_source: null,
  email_sha256: null,
  marketing_opt_in: null,
  ...over,
});
const config = (journey: Record<string, unknown> = {}) => ({ materialized: 'journey', journey: { extra_ids: ['email_sha256'], ...journey } });
const SQL = 'select * from main.calls';

let engine: DuckDBEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function sessions(e: DuckDBEngine) {
  return rowsOf(e, 'select person_key, events_count, path from main.journey order by person_key, session_start');
}

describe('journey edge cases', () => {
  it('a call exactly one gap after the previous stays in the session; one millisecond later opens a new one', async () => {
    engine = await engineWithCalls([
      call({ user_id: 'U1', event: 'a', timestamp: T0 }),
      call({ user_id: 'U1', event: 'b', timestamp: T0 + 30 * MIN }),
      call({ user_id: 'U1', event: 'c', timestamp: T0 + 60 * MIN + 1 }),
    ]);
    await buildModel(engine, buildJourney, { sql: SQL, config: config() });
    expect(await sessions(engine)).toEqual([
      { person_key: 'U1', events_count: 2, path: ['a', 'b'] },
      { person_key: 'U1', events_count: 1, path: ['c'] },
    ]);
  });

  it('split_at_midnight cuts a visit at the date change; ties in time are ordered by event id', async () => {
    engine = await engineWithCalls([
      call({ id: 'x2', user_id: 'U1', event: 'second', timestamp: T0 + 59 * MIN }),
      call({ id: 'x1', user_id: 'U1', event: 'first', timestamp: T0 + 59 * MIN }),
      call({ id: 'x3', user_id: 'U1', event: 'after_midnight', timestamp: T0 + 61 * MIN }),
    ]);
    await buildModel(engine, buildJourney, { sql: SQL, config: config({ split_at_midnight: true }) });
    expect(await sessions(engine)).toEqual([
      { person_key: 'U1', events_count: 2, path: ['first', 'second'] },
      { person_key: 'U1', events_count: 1, path: ['after_midnight'] },
    ]);
  });

  it('a device goes to its first user only: a shared browser does not merge two customers', async () => {
    engine = await engineWithCalls([
      call({ anonymous_id: 'A', event: 'anon_before', timestamp: T0 }),
      call({ anonymous_id: 'A', user_id: 'U2', event: 'login_u2', timestamp: T0 + MIN }),
      call({ anonymous_id: 'A', user_id: 'U1', event: 'login_u1', timestamp: T0 + 5 * 60 * MIN }),
      call({ anonymous_id: 'A', event: 'anon_after', timestamp: T0 + 5 * 60 * MIN + MIN }),
    ]);
    await buildModel(engine, buildJourney, { sql: SQL, config: config() });
    expect(await rowsOf(engine, 'select id, id_type, person_key from main.journey_id_graph order by id')).toEqual([
      { id: 'A', id_type: 'anonymous_id', person_key: 'U2' },
      { id: 'U1', id_type: 'user_id', person_key: 'U1' },
      { id: 'U2', id_type: 'user_id', person_key: 'U2' },
    ]);
    expect(await sessions(engine)).toEqual([
      { person_key: 'U1', events_count: 1, path: ['login_u1'] },
      { person_key: 'U2', events_count: 2, path: ['anon_before', 'login_u2'] },
      { person_key: 'U2', events_count: 1, path: ['anon_after'] },
    ]);
  });

  it('stitches a chain of accounts sharing hashed emails to the smallest user id, in several rounds', async () => {
    const link = (user: string, email: string, minute: number) => call({ user_id: user, email_sha256: email, event: null, timestamp: T0 + minute * MIN });
    engine = await engineWithCalls([
      link('U5', 'E4', 0),
      link('U4', 'E4', 1),
      link('U4', 'E3', 2),
      link('U3', 'E3', 3),
      link('U3', 'E2', 4),
      link('U2', 'E2', 5),
      link('U2', 'E1', 6),
      link('U1', 'E1', 7),
      call({ anonymous_id: 'A9', user_id: 'U5', event: 'view', timestamp: T0 + 10 * MIN }),
      call({ anonymous_id: 'A8', event: 'view', timestamp: T0 + 10 * MIN }),
    ]);
    const { result } = await buildModel(engine, buildJourney, { sql: SQL, config: config() });
    // a 9-link chain: pointer jumping needs a few rounds, not one per link
    expect(result.message).toMatch(/id graph in [1-4] rounds/);
    const keys = await rowsOf(engine, 'select person_key, count(*)::int as ids from main.journey_id_graph group by 1 order by 1');
    expect(keys).toEqual([
      { person_key: 'A8', ids: 1 },
      { person_key: 'U1', ids: 10 },
    ]);
  });

  it('stops with a clear error when stitching does not converge within max_iterations, leaving the outputs as they were', async () => {
    const link = (user: string, email: string, minute: number) =>
      call({ user_id: user, email_sha256: email, event: minute ? null : 'view', timestamp: T0 + minute * MIN });
    engine = await engineWithCalls([
      link('U1', 'E1', 0),
      link('U2', 'E1', 1),
      link('U2', 'E2', 2),
      link('U3', 'E2', 3),
      link('U3', 'E3', 4),
      link('U4', 'E3', 5),
      link('U4', 'E4', 6),
      link('U5', 'E4', 7),
    ]);
    await buildModel(engine, buildJourney, { sql: SQL, config: config() });
    const before = await sessions(engine);
    await expect(buildModel(engine, buildJourney, { sql: SQL, config: config({ max_iterations: 1 }) })).rejects.toThrow(/did not converge after 1 rounds/);
    expect(await sessions(engine)).toEqual(before);
    const leftovers = await rowsOf(engine, "select table_name from information_schema.tables where table_name like '%keel%'");
    expect(leftovers).toEqual([]);
  });

  it('a failing incremental build keeps both live outputs; config errors name the model file and the key', async () => {
    engine = await engineWithCalls([call({ user_id: 'U1', event: 'view' })]);
    await buildModel(engine, buildJourney, { sql: SQL, config: config() });
    await expect(buildModel(engine, buildJourney, { sql: 'select *, no_such_column from main.calls', config: config() })).rejects.toThrow(/no_such_column/);
    expect(await sessions(engine)).toEqual([{ person_key: 'U1', events_count: 1, path: ['view'] }]);
    expect(await rowsOf(engine, 'select count(*)::int as n from main.journey_id_graph')).toEqual([{ n: 1 }]);
    const error = await buildModel(engine, buildJourney, { sql: SQL, config: config({ session_gap: 'soon' }) }).catch((e: KeelError) => e);
    expect((error as KeelError).format()).toMatch(/^models\/journey\.sql: journey config 'journey\.session_gap': 'soon' is not a duration/);
  });
});

describe('journey: blank ids are missing ids', () => {
  it("user_id '' (or blanks) links nothing: two anonymous visitors stay two persons, and a blank extra id joins no accounts", async () => {
    engine = await engineWithCalls([
      call({ anonymous_id: 'A1', user_id: '', event: 'view', timestamp: T0 }),
      call({ anonymous_id: 'A2', user_id: ' ', event: 'view', timestamp: T0 + MIN }),
      call({ anonymous_id: 'A3', user_id: '\t\r\n', event: 'view', timestamp: T0 + 2 * MIN }),
      call({ anonymous_id: 'A4', user_id: 'U1', email_sha256: '', event: null, timestamp: T0 + 3 * MIN }),
      call({ anonymous_id: 'A5', user_id: 'U2', email_sha256: '  ', event: 'view', timestamp: T0 + 4 * MIN }),
      call({ anonymous_id: ' ', user_id: 'U3', event: 'view', timestamp: T0 + 5 * MIN }),
    ]);
    await buildModel(engine, buildJourney, { sql: SQL, config: config() });
    expect(await rowsOf(engine, 'select id, id_type, person_key from main.journey_id_graph order by id')).toEqual([
      { id: 'A1', id_type: 'anonymous_id', person_key: 'A1' },
      { id: 'A2', id_type: 'anonymous_id', person_key: 'A2' },
      { id: 'A3', id_type: 'anonymous_id', person_key: 'A3' },
      { id: 'A4', id_type: 'anonymous_id', person_key: 'U1' },
      { id: 'A5', id_type: 'anonymous_id', person_key: 'U2' },
      { id: 'U1', id_type: 'user_id', person_key: 'U1' },
      { id: 'U2', id_type: 'user_id', person_key: 'U2' },
      { id: 'U3', id_type: 'user_id', person_key: 'U3' },
    ]);
    expect((await sessions(engine)).map((r) => r.person_key)).toEqual(['A1', 'A2', 'A3', 'U2', 'U3']);
  });
});
