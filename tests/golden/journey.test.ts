import { describe, expect, it } from 'vitest';
import type { AnalyticsDialectName } from '../../src/engines/analytics-dialect.js';
import { analyticsDialectFor } from '../../src/engines/registry.js';
import { parseJourneyConfig } from '../../src/materialize/journey/config.js';
import {
  callsSelect,
  edgesSelect,
  idGraphSelect,
  initialLabelsSelect,
  nodesSelect,
  stitchRoundSelect,
  unsettledLinksSelect,
} from '../../src/materialize/journey/id-graph-sql.js';
import { affectedSelect, boundsSelect, deleteReopenedSql, incrementalFilter, keptEndsSelect } from '../../src/materialize/journey/incremental-sql.js';
import { eventsSelect, sessionsSelect } from '../../src/materialize/journey/sessions-sql.js';
import { sqlContext } from '../../src/materialize/journey/sql-context.js';

/**
 * The journey's SQL for the engines not yet run in CI (Athena/Trino, Redshift), fixed here until
 * those engines land: a change shows up as a diff of these files in review.
 */
const rel = (identifier: string) => ({ database: 'analytics', schema: 'journeys', identifier });
const spec = parseJourneyConfig(
  {
    columns: { timestamp: 'event_at', event_id: 'event_id', step: 'step' },
    extra_ids: ['email_sha256'],
    landing_columns: ['page_path', 'utm_source'],
    split_at_midnight: true,
    max_path_steps: 40,
  },
  'models/journeys/journey_site.sql',
);
const source = '(\nselect * from "analytics"."staging"."site_calls"\n)';

function plan(engine: AnalyticsDialectName): string {
  const s = sqlContext(analyticsDialectFor(engine));
  const w = { keepUntil: '2025-02-27 10:00:00.000', readFrom: '2025-02-27 09:12:00.000', affected: rel('journey_site__keel_affected') };
  const graph = rel('journey_site_id_graph__keel_tmp');
  const parts: Array<[string, string]> = [
    ['calls', callsSelect(s, spec, source)],
    ['nodes', nodesSelect(s, spec, rel('journey_site__keel_calls'))],
    ['edges', edgesSelect(s, spec, rel('journey_site__keel_calls'))],
    ['labels, round 0', initialLabelsSelect(s, rel('journey_site__keel_edges'))],
    ['labels, next round', stitchRoundSelect(s, rel('journey_site__keel_edges'), rel('journey_site__keel_labels_0'))],
    ['links between labels', unsettledLinksSelect(s, rel('journey_site__keel_edges'), rel('journey_site__keel_labels_1'))],
    ['id graph', idGraphSelect(s, rel('journey_site__keel_nodes'), rel('journey_site__keel_labels_1'))],
    ['sessions (full refresh)', sessionsSelect(s, spec, eventsSelect(s, spec, source, graph))],
    ['incremental: bounds', boundsSelect(s, spec, rel('journey_site'))],
    ['incremental: affected persons', affectedSelect(s, rel('journey_site_id_graph'), graph)],
    ['incremental: kept session ends', keptEndsSelect(s, rel('journey_site'), w)],
    [
      'incremental: sessions',
      sessionsSelect(s, spec, eventsSelect(s, spec, source, graph, incrementalFilter(s, spec, rel('journey_site__keel_kept_ends'), w))),
    ],
    ['incremental: delete reopened', deleteReopenedSql(s, rel('journey_site'), w)],
  ];
  return parts.map(([title, sql]) => `-- ${title}\n${sql};\n`).join('\n');
}

describe('journey SQL', () => {
  it.each(['athena', 'redshift'] as const)('%s', async (engine) => {
    await expect(plan(engine)).toMatchFileSnapshot(`./journey.${engine}.sql`);
  });
});
