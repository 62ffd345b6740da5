import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { buildJourney } from '../../src/materialize/journey/index.js';
import { buildModel, engineWithCalls, rowsOf, type CallRow } from './journey-harness.js';
import { referenceSessions } from './journey-reference.js';

/**
 * Incremental builds at the exact boundary. With T the latest session end built, an incremental
 * build reads the calls at or after T - lookback and keeps the sessions that ended strictly before
 * T - lookback - gap. A session ending exactly there is one gap before the earliest call the build
 * reads, and a call exactly one gap later belongs to the session: it must be reopened.
 */
const MIN = 60_000;
const T = Date.parse('2025-01-10T12:00:00Z');
const CONFIGS: Array<{ name: string; journey: Record<string, unknown>; gapMs: number; lookbackMs: number }> = [
  { name: 'gap 30 minutes, lookback = gap', journey: { session_gap: '30 minutes' }, gapMs: 30 * MIN, lookbackMs: 30 * MIN },
  { name: 'gap 30 minutes, lookback 2 hours', journey: { session_gap: '30 minutes', lookback: '2 hours' }, gapMs: 30 * MIN, lookbackMs: 120 * MIN },
  { name: 'gap 45 seconds, lookback 10 minutes', journey: { session_gap: '45 seconds', lookback: '10 minutes' }, gapMs: 45_000, lookbackMs: 10 * MIN },
];
// the kept session's end and the late call, in milliseconds from T - lookback - gap and T - lookback
const CASES = [-1, 0, 1].flatMap((endOffset) => [0, 1].map((callOffset) => ({ endOffset, callOffset })));

let n = 0;
const call = (user: string, event: string, timestamp: number): CallRow => ({
  id: `e${String(++n).padStart(4, '0')}`,
  anonymous_id: null,
  user_id: user,
  event,
  timestamp,
  received_at: timestamp,
  page_path: null,
  utm_source: null,
  email_sha256: null,
  marketing_opt_in: null,
});

const sessionsSql = (table: string) =>
  `select person_key, epoch_ms(session_start) as session_start, epoch_ms(session_end) as session_end, events_count, path from main.${table} order by person_key, session_start`;

let engine: DuckDBEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('incremental journey at the exact boundary equals a full refresh', () => {
  for (const c of CONFIGS) {
    it.each(CASES)(`${c.name}: session end − keep_until = $endOffset ms, late call − (T − lookback) = $callOffset ms`, async ({ endOffset, callOffset }) => {
      const keepUntil = T - c.lookbackMs - c.gapMs;
      const first = [call('U1', 'a', keepUntil - c.gapMs / 2), call('U1', 'b', keepUntil + endOffset), call('U2', 'x', T)];
      const later = [call('U1', 'late', T - c.lookbackMs + callOffset), call('U2', 'y', T + c.gapMs / 3)];
      const calls = [...first, ...later];
      engine = await engineWithCalls(calls);
      const config = { materialized: 'journey', journey: c.journey };
      const inc = { schema: 'main', identifier: 'journey_inc' };
      const ids = first.map((x) => `'${x.id}'`).join(', ');
      await buildModel(engine, buildJourney, { relation: inc, sql: `select * from main.calls where id in (${ids})`, config });
      const second = await buildModel(engine, buildJourney, { relation: inc, sql: 'select * from main.calls', config });
      expect(second.result.message).toContain('rebuilt from');
      await buildModel(engine, buildJourney, { sql: 'select * from main.calls', config });

      const full = await rowsOf(engine, sessionsSql('journey'));
      const expected = referenceSessions(calls, { gapMs: c.gapMs, splitAtMidnight: false, maxPathSteps: 50, landing: [] })
        .map((s) => ({ person_key: s.person_key, session_start: s.session_start, session_end: s.session_end, events_count: s.events_count, path: s.path }))
        .sort((a, b) => a.person_key.localeCompare(b.person_key) || a.session_start - b.session_start);
      expect(full).toEqual(expected);
      expect(await rowsOf(engine, sessionsSql('journey_inc'))).toEqual(full);
      // the case the boundary is about: exactly one gap apart is one session
      const joined = callOffset - endOffset <= 0;
      expect(full.filter((s) => s.person_key === 'U1').map((s) => s.path)).toEqual(joined ? [['a', 'b', 'late']] : [['a', 'b'], ['late']]);
    });
  }
});
