import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { duckdbAnalytics } from '../../src/engines/duckdb/analytics-dialect.js';
import { parseFunnelConfig, planFunnel, resolvePerson } from '../../src/materialize/funnel/index.js';
import { generateEvents } from '../../src/sample/index.js';
import { byGroupAndStep, byPerson, buildFunnelModel, engineWithEvents, eventRows, personsOf, stepsOf } from './funnel-harness.js';
import { referencePersons, referenceSteps, type EventRow, type RefFunnel, type Value } from './funnel-reference.js';
import { presentId } from './journey-reference.js';

// 50 persons hold every cohort and the planted ties (12, 42), out-of-order calls (6, 46) and repeated steps (15, 35)
const PERSONS = 50;
const SEEDS = Array.from({ length: 25 }, (_, i) => 1000 + i * 7);

const STEPS = [
  { name: 'browsed', where: "event = 'page_viewed'", matches: (e: EventRow) => e.event === 'page_viewed' },
  {
    name: 'viewed',
    where: "event = 'product_viewed' and category <> 'lab_test'",
    matches: (e: EventRow) => e.event === 'product_viewed' && e.category !== null && e.category !== 'lab_test',
  },
  { name: 'added', where: "event = 'product_added'", matches: (e: EventRow) => e.event === 'product_added' },
  { name: 'checkout', where: "event = 'checkout_started'", matches: (e: EventRow) => e.event === 'checkout_started' },
  { name: 'ordered', where: "event = 'order_completed'", matches: (e: EventRow) => e.event === 'order_completed' },
];
const WINDOWS: Array<[string, number]> = [
  ['30 minutes', 30 * 60_000],
  ['2 hours', 2 * 3_600_000],
  ['1 day', 86_400_000],
  ['7 days', 7 * 86_400_000],
];
const GRAINS = ['day', 'week', 'month'] as const;
const BREAKDOWNS = [[], ['device_type'], ['utm_source', 'device_type']];

interface Case {
  funnel: Record<string, unknown>;
  ref: RefFunnel;
  /** the model's SELECT; without person_key the funnel falls back to user_id, anonymous_id */
  sql: string;
}

function caseFor(n: number): Case {
  const [window, windowMs] = WINDOWS[n % WINDOWS.length]!;
  const order = n % 2 ? 'any' : 'strict';
  const grain = GRAINS[n % GRAINS.length]!;
  const breakdown = BREAKDOWNS[n % BREAKDOWNS.length]!;
  const fallback = n % 5 === 4;
  const explicit = n % 5 === 3;
  const funnel: Record<string, unknown> = {
    steps: STEPS.map(({ name, where }) => ({ name, where })),
    window,
    order,
    timestamp: 'event_at',
    breakdown,
    grain,
    ...(explicit ? { person: ['user_id', 'anonymous_id'] } : {}),
  };
  // an empty or blank id is no id: the next column counts (as in journeys)
  const id = (v: Value | undefined) => presentId((v ?? null) as string | null);
  const person = fallback || explicit ? (e: EventRow) => id(e.user_id) ?? id(e.anonymous_id) : (e: EventRow) => id(e.person_key);
  return {
    funnel,
    ref: { steps: STEPS, windowMs, order, person, time: (e) => e.event_at as number, breakdown, grain },
    sql: fallback ? 'select * exclude (person_key) from main.events' : 'select * from main.events',
  };
}

/**
 * (Strict order.) Persons who did not convert get their missing steps planted: the middle ones at the same instant
 * as their furthest step (a tie), the last one exactly at the window's edge, which counts, or one
 * millisecond after it, which does not.
 */
function plantWindowEdges(rows: EventRow[], ref: RefFunnel): { atEdge: Set<string>; pastEdge: Set<string> } {
  const atEdge = new Set<string>();
  const pastEdge = new Set<string>();
  const firstRow = new Map<string, EventRow>();
  for (const r of rows) {
    const p = ref.person(r);
    if (p !== null && !firstRow.has(p)) firstRow.set(p, r);
  }
  const k = ref.steps.length;
  // someone who did the last step at another time could convert through it instead
  const didLastStep = new Set(rows.filter((r) => ref.steps[k - 1]!.matches(r)).map((r) => ref.person(r)));
  referencePersons(rows, ref)
    .filter((p) => !p.converted && !didLastStep.has(p.person))
    .forEach((p, i) => {
      if (i % 3 === 2) return;
      const template = firstRow.get(p.person)!;
      const edge = p.at[0]! + ref.windowMs + (i % 3 === 0 ? 0 : 1);
      const reachedAt = p.at[p.furthest - 1]!;
      if (reachedAt > edge) return;
      for (let step = p.furthest + 1; step <= k; step++) {
        const event = eventOfStep(step);
        rows.push({ ...template, event, category: step === 2 ? 'otc' : null, event_at: step === k ? edge : reachedAt });
      }
      (i % 3 === 0 ? atEdge : pastEdge).add(p.person);
    });
  return { atEdge, pastEdge };
}

const BLANK_IDS = ['', ' ', '\t', ' \r\n '];

/** Anonymous calls as some SDKs send them: `user_id: ''` (or blanks), and some with a blank person key. */
function plantBlankIds(rows: EventRow[]): number {
  let planted = 0;
  rows.forEach((r, i) => {
    if (r.user_id !== null) return;
    r.user_id = BLANK_IDS[i % BLANK_IDS.length]!;
    if (i % 7 === 0) r.person_key = BLANK_IDS[i % BLANK_IDS.length]!;
    planted++;
  });
  return planted;
}

const eventOfStep = (step: number) => ['page_viewed', 'product_viewed', 'product_added', 'checkout_started', 'order_completed'][step - 1]!;

let engine: DuckDBEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

const seen = { converted: 0, atEdge: 0, pastEdge: 0, strict: 0, any: 0, ties: 0, blankIds: 0 };

describe('funnel agrees with the reference implementation', () => {
  it.each(SEEDS.map((seed, n) => [seed, n] as const))('seed %i: per-person and aggregate tables, both plans', async (seed, n) => {
    const c = caseFor(n);
    const rows = eventRows(generateEvents({ seed, persons: PERSONS, startDate: '2025-01-01', days: 21 }));
    if (n % 2 === 0) seen.blankIds += plantBlankIds(rows);
    const planted = c.ref.order === 'strict' ? plantWindowEdges(rows, c.ref) : { atEdge: new Set<string>(), pastEdge: new Set<string>() };
    engine = await engineWithEvents(rows);

    const expectedPersons = referencePersons(rows, c.ref).sort(byPerson);
    const expectedSteps = referenceSteps(expectedPersons, c.ref).sort(byGroupAndStep);
    const names = STEPS.map((s) => s.name);
    const breakdown = c.ref.breakdown;

    await buildFunnelModel(engine, c.funnel, c.sql);
    expect((await personsOf(engine, 'main.funnel', names, breakdown)).sort(byPerson)).toEqual(expectedPersons);
    expect((await stepsOf(engine, 'main.funnel__steps', breakdown)).sort(byGroupAndStep)).toEqual(expectedSteps);

    // the portable plan (Athena, Redshift) on the same events
    const spec = parseFunnelConfig(c.funnel, 'models/funnel.sql');
    const columns = (await engine.execute(`select * from (${c.sql}) limit 0`)).columns.map((col) => col.name);
    const plan = planFunnel({
      spec,
      person: resolvePerson(spec, columns, 'models/funnel.sql'),
      eventsSql: c.sql,
      dialect: duckdbAnalytics,
      strategy: 'windows',
    });
    await engine.execute(`create table main.portable as ${plan.personsSql}`);
    await engine.execute(`create table main.portable_steps as ${plan.stepsSql({ schema: 'main', identifier: 'portable' })}`);
    expect((await personsOf(engine, 'main.portable', names, breakdown)).sort(byPerson)).toEqual(expectedPersons);
    expect((await stepsOf(engine, 'main.portable_steps', breakdown)).sort(byGroupAndStep)).toEqual(expectedSteps);

    const edgeSeconds = c.ref.windowMs / 1000;
    for (const p of expectedPersons) {
      if (planted.atEdge.has(p.person)) expect(p).toMatchObject({ converted: true, secondsToConvert: edgeSeconds });
      if (planted.pastEdge.has(p.person)) expect(p.converted).toBe(false);
    }
    seen.converted += expectedPersons.filter((p) => p.converted && !planted.atEdge.has(p.person)).length;
    seen.atEdge += planted.atEdge.size;
    seen.pastEdge += planted.pastEdge.size;
    seen.ties += expectedPersons.filter((p) => p.at.some((t, i) => i > 0 && t !== null && t === p.at[i - 1])).length;
    seen[c.ref.order]++;
  });

  it('covered conversions, window edges, ties, both orders and blank ids', () => {
    expect(seen.blankIds).toBeGreaterThan(100);
    expect(seen.converted).toBeGreaterThan(50);
    expect(seen.atEdge).toBeGreaterThan(10);
    expect(seen.pastEdge).toBeGreaterThan(10);
    expect(seen.ties).toBeGreaterThan(20);
    expect(seen.strict).toBeGreaterThan(10);
    expect(seen.any).toBeGreaterThan(10);
  });
});
