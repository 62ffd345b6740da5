import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { duckdbAnalytics } from '../../src/engines/duckdb/analytics-dialect.js';
import { parseFunnelConfig, planFunnel, resolvePerson } from '../../src/materialize/funnel/index.js';
import { buildFunnelModel, engineWithEvents, personsOf } from './funnel-harness.js';
import type { EventRow } from './funnel-reference.js';

/** The rules of the README's "What counts", one small person each, in both plans. */
const T0 = Date.parse('2025-01-06T10:00:00Z');
const HOUR = 3_600_000;
const STEPS = ['browsed', 'viewed', 'added', 'checkout', 'ordered'];
const EVENT = { browsed: 'page_viewed', viewed: 'product_viewed', added: 'product_added', checkout: 'checkout_started', ordered: 'order_completed' };

const row = (person: string, step: keyof typeof EVENT, ms: number, device: string | null = 'desktop'): EventRow => ({
  person_key: person,
  user_id: null,
  anonymous_id: null,
  event: EVENT[step],
  event_at: T0 + ms,
  device_type: device,
  utm_source: null,
  category: null,
});

// listed in arrival order: keel must order by time, not by row order
const EVENTS: EventRow[] = [
  // a step at the same millisecond as the one before it counts (ties are taken in step order)
  row('tie', 'viewed', 0),
  row('tie', 'browsed', 0),
  row('tie', 'added', 1000),
  row('tie', 'checkout', 1000),
  row('tie', 'ordered', 2000),
  // exactly at the window's edge counts, a millisecond later does not
  row('edge', 'browsed', 0),
  row('edge', 'viewed', HOUR),
  row('past', 'browsed', 0),
  row('past', 'viewed', HOUR + 1),
  // a repeated step counts once, at its first time after the previous step
  row('repeat', 'browsed', 0),
  row('repeat', 'viewed', 10),
  row('repeat', 'added', 20),
  row('repeat', 'viewed', 30),
  row('repeat', 'added', 40),
  row('repeat', 'checkout', 50),
  row('repeat', 'checkout', 60),
  row('repeat', 'ordered', 70),
  // added before viewed: strict order stops at viewed, any order converts
  row('unordered', 'browsed', 0),
  row('unordered', 'added', 10),
  row('unordered', 'viewed', 20),
  row('unordered', 'checkout', 30),
  row('unordered', 'ordered', 40),
  // a product view that happened (by timestamp) before the entry does not count, whenever it arrived
  row('before_entry', 'browsed', 100),
  row('before_entry', 'viewed', 50),
  // no step-1 event: not in the funnel
  row('never_entered', 'viewed', 0),
  row('never_entered', 'ordered', 10),
  // breakdown of tied entries: the smallest non-null value
  row('tied_entry', 'browsed', 0, 'tablet'),
  row('tied_entry', 'browsed', 0, null),
  row('tied_entry', 'browsed', 0, 'mobile'),
  row('tied_entry', 'browsed', 5, 'desktop'),
];

const funnel = (order: 'strict' | 'any') => ({
  steps: STEPS.map((name) => ({ name, where: `event = '${EVENT[name as keyof typeof EVENT]}'` })),
  window: '1 hour',
  order,
  timestamp: 'event_at',
  breakdown: ['device_type'],
});

let engine: DuckDBEngine;
beforeAll(async () => {
  engine = await engineWithEvents(EVENTS);
});
afterAll(async () => engine.close());

/** Both plans' per-person rows, required equal, as { person: [furthest step, seconds to convert, breakdown] }. */
async function outcome(config: Record<string, unknown>): Promise<Record<string, [string, number | null, unknown]>> {
  await buildFunnelModel(engine, config);
  const arrays = await personsOf(engine, 'main.funnel', STEPS, ['device_type']);
  const spec = parseFunnelConfig(config, 'models/funnel.sql');
  const plan = planFunnel({
    spec,
    person: resolvePerson(spec, undefined, 'x'),
    eventsSql: 'select * from main.events',
    dialect: duckdbAnalytics,
    strategy: 'windows',
  });
  await engine.execute(`create or replace table main.portable as ${plan.personsSql}`);
  const windows = await personsOf(engine, 'main.portable', STEPS, ['device_type']);
  const byName = (a: { person: string }, b: { person: string }) => a.person.localeCompare(b.person);
  expect(windows.sort(byName)).toEqual(arrays.sort(byName));
  return Object.fromEntries(arrays.map((p) => [p.person, [STEPS[p.furthest - 1]!, p.secondsToConvert, p.breakdown[0]]]));
}

describe('what a funnel counts', () => {
  it('in strict order', async () => {
    expect(await outcome(funnel('strict'))).toEqual({
      tie: ['ordered', 2, 'desktop'],
      edge: ['viewed', null, 'desktop'],
      past: ['browsed', null, 'desktop'],
      repeat: ['ordered', 0.07, 'desktop'],
      unordered: ['viewed', null, 'desktop'],
      before_entry: ['browsed', null, 'desktop'],
      tied_entry: ['browsed', null, 'mobile'],
    });
  });

  it('in any order', async () => {
    expect(await outcome(funnel('any'))).toEqual({
      tie: ['ordered', 2, 'desktop'],
      edge: ['viewed', null, 'desktop'],
      past: ['browsed', null, 'desktop'],
      repeat: ['ordered', 0.07, 'desktop'],
      // converted when the last missing step was done
      unordered: ['ordered', 0.04, 'desktop'],
      before_entry: ['browsed', null, 'desktop'],
      tied_entry: ['browsed', null, 'mobile'],
    });
  });

  it('an event counts for the first step it matches only', async () => {
    const overlapping = {
      ...funnel('strict'),
      steps: [
        { name: 'browsed', where: "event in ('page_viewed', 'product_viewed')" },
        { name: 'viewed', where: "event = 'product_viewed'" },
      ],
    };
    await buildFunnelModel(engine, overlapping);
    expect((await engine.execute('select count(*) as n, max(furthest_step) as m from main.funnel')).rows).toEqual([{ n: 8, m: 1 }]);
  });
});
