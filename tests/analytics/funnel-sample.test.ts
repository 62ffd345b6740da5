import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { DEFAULT_SAMPLE_OPTIONS, cohortOf, generateEvents, userIdOf, type Cohort, type SampleEvent } from '../../src/sample/index.js';
import { queryDuckDB } from '../helpers/duckdb.js';

/**
 * The sample workspace's funnels against the behaviours the generator planted: the committed
 * seeds are the default sample, so its events say who should stop where.
 */
const ROOT = join(import.meta.dirname, '../..');
// the staging models drop events before the project's start_date
const START = Date.parse('2025-01-01T00:00:00Z');
const persons = new Map<number, SampleEvent[]>();
for (const e of generateEvents(DEFAULT_SAMPLE_OPTIONS)) {
  if (e.timestamp >= START) persons.set(e.personIndex, [...(persons.get(e.personIndex) ?? []), e]);
}
const inCohort = (c: Cohort) => [...persons.keys()].filter((p) => cohortOf(p) === c);
const did = (p: number, event: string) => persons.get(p)!.some((e) => e.kind === 'track' && e.event === event);

let db: string;
const query = (sql: string) => queryDuckDB(db, sql);
const byPerson = async (table: string) =>
  new Map((await query(`select person_key, furthest_step_name, converted from funnels.${table}`)).map((r) => [String(r.person_key), r]));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-sample-funnels-'));
  for (const d of ['project.yml', 'models', 'macros', 'seeds', 'tests/sql']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  db = join(dir, 'target/keel.duckdb');
  const { results } = await invoke({ projectDir: dir, command: 'build', select: ['+tag:funnels'] });
  const ours = results.results.filter((r) => r.name.includes('funnel'));
  expect(ours.length).toBeGreaterThan(2);
  expect(ours.filter((r) => !['success', 'pass'].includes(r.status)).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
});

describe('sample purchase funnel', () => {
  it('abandoners all reach checkout and none converts', async () => {
    const funnel = await byPerson('purchase_funnel');
    const abandoners = inCohort('abandoner');
    expect(abandoners.length).toBeGreaterThan(5);
    for (const p of abandoners) {
      expect(funnel.get(userIdOf(p)), `abandoner ${userIdOf(p)}`).toMatchObject({ furthest_step_name: 'started_checkout', converted: false });
    }
  });

  it('lab-test-only persons never add to cart; anonymous visitors never check out (checkout needs a login)', async () => {
    const funnel = await byPerson('purchase_funnel');
    for (const p of inCohort('lab_test_only')) {
      expect(['browsed', 'viewed_product']).toContain(funnel.get(userIdOf(p))?.furthest_step_name);
    }
    const anonymous = [...funnel.entries()].filter(([key]) => !key.startsWith('U'));
    expect(anonymous.length).toBeGreaterThan(5);
    for (const [, row] of anonymous) expect(['browsed', 'viewed_product', 'added_to_cart']).toContain(row.furthest_step_name);
  });

  it('only persons who ordered convert, and the aggregate adds up to the per-person table', async () => {
    const funnel = await byPerson('purchase_funnel');
    const converted = [...funnel.entries()].filter(([, r]) => r.converted).map(([key]) => key);
    expect(converted.length).toBeGreaterThan(10);
    for (const key of converted) expect(did(Number(key.slice(1)) - 1, 'order_completed'), key).toBe(true);
    const steps = await query('select step_number, sum(persons)::int as persons from funnels.purchase_funnel__steps group by 1 order by 1');
    const reached = (n: number) =>
      [...funnel.values()].filter(
        (r) => ['browsed', 'viewed_product', 'added_to_cart', 'started_checkout', 'ordered'].indexOf(String(r.furthest_step_name)) + 1 >= n,
      ).length;
    expect(steps).toEqual([1, 2, 3, 4, 5].map((n) => ({ step_number: n, persons: reached(n) })));
  });
});

describe('sample prescription funnel', () => {
  it('every prescription uploader converts, and only the prescription cohorts enter', async () => {
    const funnel = await byPerson('prescription_funnel');
    const uploaders = inCohort('prescription_uploader').filter((p) => did(p, 'prescription_uploaded'));
    expect(uploaders.length).toBeGreaterThan(3);
    for (const p of uploaders) expect(funnel.get(userIdOf(p)), `uploader ${userIdOf(p)}`).toMatchObject({ furthest_step_name: 'ordered', converted: true });
    for (const key of funnel.keys()) expect(['prescription_uploader', 'chronic_refill']).toContain(cohortOf(Number(key.slice(1)) - 1));
  });
});
