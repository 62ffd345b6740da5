import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A checkout funnel over the sample's events, built by the funnel kind: the docs need one
 * funnel whatever the sample holds, and this one reads the sample's real clickstream.
 */
export const CHECKOUT_FUNNEL = `{{ config(materialized='funnel', tags=['funnels'], funnel={
  'steps': [
    {'name': 'viewed_product', 'where': "event = 'product_viewed'"},
    {'name': 'added_to_cart', 'where': "event = 'product_added'"},
    {'name': 'started_checkout', 'where': "event = 'checkout_started'"},
    {'name': 'ordered', 'where': "event = 'order_completed'"}
  ],
  'window': '7 days',
  'person': ['person_id', 'anonymous_id'],
  'timestamp': 'event_at',
  'grain': 'month'
}) }}
-- Product views to completed orders within a week, per person.
select person_id, anonymous_id, event, event_at from {{ ref('fct_events') }}
`;

/** A copy of the repository's sample workspace in a temp dir, plus the checkout funnel. */
export function copySampleWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keel-docs-sample-'));
  for (const p of ['project.yml', 'models', 'macros', 'seeds']) cpSync(join(REPO, p), join(dir, p), { recursive: true });
  cpSync(join(REPO, 'tests/sql'), join(dir, 'tests/sql'), { recursive: true });
  mkdirSync(join(dir, 'models/docs_fixture'), { recursive: true });
  writeFileSync(join(dir, 'models/docs_fixture/checkout_funnel.sql'), CHECKOUT_FUNNEL);
  writeFileSync(join(dir, 'models/docs_fixture/docs_fixture.yml'), 'version: 2\nmodels:\n  - name: checkout_funnel\n    description: From a product view to a completed order within 7 days.\n    meta: {owner: growth-analytics}\n');
  return dir;
}
