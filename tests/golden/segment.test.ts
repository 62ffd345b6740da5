import { describe, expect, it } from 'vitest';
import type { AnalyticsDialectName } from '../../src/engines/analytics-dialect.js';
import { analyticsDialectFor } from '../../src/engines/registry.js';
import { sqlContext } from '../../src/materialize/journey/sql-context.js';
import { parseSegmentConfig } from '../../src/materialize/segment/config.js';
import {
  candidatesSelect,
  changesSelect,
  duplicateKeysSelect,
  emptyHistorySelect,
  historyUpdateStatements,
  laterHistorySelect,
  membersSelect,
} from '../../src/materialize/segment/plan-sql.js';

/** The segment's SQL for Athena/Trino and Redshift, fixed until those engines run in CI. */
const rel = (identifier: string) => ({ database: 'analytics', schema: 'segments', identifier });
const spec = parseSegmentConfig(
  {
    rules: [
      { column: 'last_rx_order_at', within: '90 days' },
      { column: 'last_order_at', not_within: '30 days' },
      {
        any: [
          { column: 'orders', op: '>=', value: 2 },
          { column: 'segment', op: '=', value: "o'clock" },
          { column: 'vip', op: '=', value: true },
        ],
      },
      { not: { column: 'last_cancel_at', op: '>', value_column: 'last_order_at' } },
      { column: 'email_sha256', is_null: false },
      { sql: 'lifetime_revenue > 0' },
    ],
    identifiers: ['email_sha256', 'mobile_ad_id'],
    consent: 'marketing_opt_in',
    as_of: '2025-03-02',
  },
  'models/segments/rx_lapsed.sql',
);

function plan(engine: AnalyticsDialectName): string {
  const s = sqlContext(analyticsDialectFor(engine));
  const asOf = s.a.timestampLiteral(spec.asOf!);
  const r = {
    candidates: rel('rx_lapsed__keel_candidates'),
    newMembers: rel('rx_lapsed__keel_tmp'),
    oldMembers: rel('rx_lapsed'),
    oldIdentifiers: ['person_key', 'email_sha256', 'entered_at', 'as_of'],
    history: rel('rx_lapsed_history'),
    newChanges: rel('rx_lapsed_changes__keel_tmp'),
  };
  const parts: Array<[string, string]> = [
    ['history, first build', emptyHistorySelect(s)],
    ['history stamped after as_of', laterHistorySelect(s, r.history, asOf)],
    ['candidates', candidatesSelect(s, spec, '(\nselect * from "analytics"."marts"."customer_features"\n)', asOf)],
    ['duplicate keys', duplicateKeysSelect(s, r.candidates)],
    ['members', membersSelect(s, spec, r, asOf)],
    ['changes', changesSelect(s, spec, r, asOf)],
    ...historyUpdateStatements(s, r, asOf).map((sql, i): [string, string] => [`history update ${i + 1}`, sql]),
  ];
  return parts.map(([title, sql]) => `-- ${title}\n${sql};\n`).join('\n');
}

describe('segment SQL', () => {
  it.each(['athena', 'redshift'] as const)('%s', async (engine) => {
    await expect(plan(engine)).toMatchFileSnapshot(`./segment.${engine}.sql`);
  });
});
