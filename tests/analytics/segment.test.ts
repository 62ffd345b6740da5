import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { buildSegment } from '../../src/materialize/segment/index.js';
import { generateEvents } from '../../src/sample/index.js';
import { buildModel, callRows, engineWithCalls, rowsOf } from './journey-harness.js';
import { SegmentReference, featuresAt } from './segment-reference.js';

const PERSONS = 45;
const SEEDS = [1, 2, 3, 5, 8, 13];
const START = Date.parse('2025-01-01T00:00:00Z');
const DAY = 86_400_000;

/** Per-user features as of the build: the same SELECT an analyst would write (point in time). */
const featuresSql = (asOf: string) => `
with calls as (select * from main.calls where "timestamp" <= cast('${asOf}' as timestamp)),
identify as (
  select user_id, email_sha256, marketing_opt_in,
         row_number() over (partition by user_id order by "timestamp" desc, id desc) as recency
  from calls where event is null and user_id is not null
)
select c.user_id as person_key,
       max(c."timestamp") as last_seen_at,
       max(case when c.event = 'order_completed' then c."timestamp" end) as last_order_at,
       max(case when c.event = 'checkout_started' then c."timestamp" end) as last_checkout_at,
       count(case when c.event = 'lab_test_booked' then 1 end) as lab_tests,
       count(case when c.event = 'consultation_booked' then 1 end) as consultations,
       max(i.email_sha256) as email_sha256,
       bool_or(i.marketing_opt_in) as marketing_opt_in
from calls c
left join identify i on i.user_id = c.user_id and i.recency = 1
where c.user_id is not null
group by c.user_id`;

const SEGMENTS = {
  lapsed: {
    rules: [
      { column: 'last_order_at', within: '20 days' },
      { column: 'last_order_at', not_within: '5 days' },
    ],
    consent: false,
  },
  open_checkout: {
    rules: {
      all: [
        { column: 'last_checkout_at', within: '7 days' },
        {
          any: [
            { column: 'last_order_at', is_null: true },
            { column: 'last_order_at', op: '<', value_column: 'last_checkout_at' },
          ],
        },
      ],
    },
    consent: true,
  },
  lab_no_consult: { rules: [{ column: 'lab_tests', op: '>', value: 0 }, { not: { column: 'consultations', op: '!=', value: 0 } }], consent: true },
  recently_seen: { rules: { column: 'last_seen_at', within: '21 days' }, consent: true },
};

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const ms = (v: unknown) => (v instanceof Date ? v.getTime() : v);
const normalize = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ms(v)]))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let engine: DuckDBEngine | undefined;
const reasonsSeen = new Set<string>();
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('segments agree with the reference implementation', () => {
  it.each(SEEDS)('seed %i: members, changes and history over successive builds', async (seed) => {
    const calls = callRows(generateEvents({ seed, persons: PERSONS, startDate: '2025-01-01', days: 28 }));
    engine = await engineWithCalls(calls);
    const reasons = new Set<string>();
    for (const [name, def] of Object.entries(SEGMENTS)) {
      const reference = new SegmentReference(def.rules, def.consent);
      const relation = { schema: 'main', identifier: name };
      // builds through the window, one at an odd time, one just before consent withdrawals (days 25-27) and after
      for (const asOf of [
        START + 6 * DAY,
        START + 9 * DAY + 3_600_123,
        START + 13 * DAY,
        START + 20 * DAY,
        START + 24 * DAY,
        START + 29 * DAY,
        START + 31 * DAY,
      ]) {
        const config = {
          materialized: 'segment',
          segment: { rules: def.rules, identifiers: ['email_sha256'], as_of: iso(asOf), ...(def.consent ? { consent: 'marketing_opt_in' } : {}) },
        };
        await buildModel(engine, buildSegment, { relation, sql: featuresSql(iso(asOf)), config });
        const expected = reference.build(featuresAt(calls, asOf), asOf);
        expect(normalize(await rowsOf(engine, `select * from main.${name}`))).toEqual(normalize(expected.members));
        expect(normalize(await rowsOf(engine, `select * from main.${name}_changes`))).toEqual(normalize(expected.changes as never));
        expect(normalize(await rowsOf(engine, `select * from main.${name}_history`))).toEqual(normalize(reference.history as never));
        for (const c of expected.changes) if (c.reason) reasons.add(c.reason);
      }
    }
    expect(reasons).toContain('rule');
    for (const r of reasons) reasonsSeen.add(r);
  });

  it('the runs above saw both removal reasons', () => {
    // person 38 withdraws consent in the window's last days (the consent_withdrawn overlay)
    expect([...reasonsSeen].sort()).toEqual(['consent_withdrawn', 'rule']);
  });
});
