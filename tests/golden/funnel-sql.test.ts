import { afterAll, describe, expect, it } from 'vitest';
import type { AnalyticsDialectName } from '../../src/engines/analytics-dialect.js';
import { analyticsDialectFor } from '../../src/engines/registry.js';
import { parseFunnelConfig, planFunnel, resolvePerson } from '../../src/materialize/funnel/index.js';
import { buildFunnelModel, engineWithEvents } from '../analytics/funnel-harness.js';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';

/**
 * The funnel's SQL fixed per engine until the Athena and Redshift engines can run it in CI: a
 * change to the planner or to an engine's spellings shows up as a diff of these files.
 */
const EVENTS_SQL = `select * from "analytics"."fct_events"`;
const STRICT = {
  steps: [
    { name: 'viewed_rx', where: "event = 'Product Viewed' and requires_prescription" },
    { name: 'started_checkout', where: "event = 'Checkout Started'" },
    { name: 'uploaded_rx', where: "event = 'Prescription Uploaded'" },
    { name: 'ordered', where: "event = 'Order Completed' and has_prescription_item" },
  ],
  window: '7 days',
  timestamp: 'event_at',
  breakdown: ['utm_source'],
  grain: 'week',
};
const ANY = { ...STRICT, order: 'any', breakdown: [], grain: 'month', window: '36 hours', person: ['user_id', 'anonymous_id'] };
const PERSONS = { schema: 'funnels', identifier: 'rx_funnel' };

function planned(engine: AnalyticsDialectName, config: Record<string, unknown>): string {
  const spec = parseFunnelConfig(config, 'models/funnels/rx_funnel.sql');
  const plan = planFunnel({ spec, person: resolvePerson(spec, undefined, 'x'), eventsSql: EVENTS_SQL, dialect: analyticsDialectFor(engine) });
  return `-- ${plan.strategy} plan\n${plan.personsSql};\n\n${plan.stepsSql(PERSONS)};\n`;
}

describe('funnel SQL per engine', () => {
  for (const engine of ['athena', 'redshift', 'duckdb'] as const) {
    it(`${engine}: strict order with a breakdown`, async () => {
      await expect(planned(engine, STRICT)).toMatchFileSnapshot(`funnel/${engine}-strict.sql`);
    });
    it(`${engine}: any order, person from user_id or anonymous_id`, async () => {
      await expect(planned(engine, ANY)).toMatchFileSnapshot(`funnel/${engine}-any.sql`);
    });
  }
});

let engine: DuckDBEngine | undefined;
afterAll(async () => engine?.close());

describe('funnel SQL DuckDB runs', () => {
  it('every statement of a build, in order', async () => {
    engine = await engineWithEvents([
      {
        person_key: 'p1',
        user_id: 'u1',
        anonymous_id: 'a1',
        event: 'page_viewed',
        event_at: 1_735_689_600_000,
        device_type: 'mobile',
        utm_source: null,
        category: null,
      },
    ]);
    const funnel = {
      steps: [
        { name: 'browsed', where: "event = 'page_viewed'" },
        { name: 'viewed', where: "event = 'product_viewed'" },
      ],
      window: '1 day',
      timestamp: 'event_at',
      breakdown: ['device_type'],
    };
    await buildFunnelModel(engine, funnel);
    const { statements } = await buildFunnelModel(engine, funnel);
    await expect(`${statements.join(';\n\n')};\n`).toMatchFileSnapshot('funnel/duckdb-build-statements.sql');
  });
});
