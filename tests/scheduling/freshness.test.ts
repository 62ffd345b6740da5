import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFreshness } from '../../src/runner/freshness-command.js';
import { invoke } from '../../src/runner/invoke.js';
import { classifyLag, formatLag } from '../../src/scheduling/freshness/thresholds.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const NOW = new Date('2025-06-30T13:00:00Z');

/** RudderStack-like tables loaded by seeds, as in the sample workspace: the sources point at them. */
const project = () =>
  tempProject({
    'project.yml': `${MINIMAL_PROJECT_YML}seeds:\n  +schema: raw\n`,
    'seeds/events_a.csv': 'id,received_at\n1,2025-06-30 10:00:00\n2,2025-06-30 12:00:00\n',
    'seeds/events_b.csv': 'id,received_at\n1,2025-06-28 00:00:00\n',
    'seeds/custom.csv': 'id,loaded\n1,2025-06-30 00:00:00\n',
    'seeds/nots.csv': 'id\n1\n',
    'models/sources.yml': [
      'sources:',
      '  - name: app',
      '    schema: main_raw',
      '    freshness: {warn_after: {count: 6, period: hour}, error_after: {count: 1, period: day}}',
      '    tables:',
      '      - name: events_a',
      '      - name: events_b',
      '      - name: custom',
      '        loaded_at_field: loaded',
      '      - name: nots',
      '      - name: unchecked',
      '        freshness: null',
    ].join('\n'),
    'models/a_model.sql': "select * from {{ source('app', 'events_a') }}",
    'models/b_model.sql': "select * from {{ source('app', 'events_b') }}",
    'models/b_child.sql': "select * from {{ ref('b_model') }}",
    'models/both.sql': "select a.id from {{ ref('a_model') }} a join {{ ref('b_model') }} b using (id)",
    'models/independent.sql': 'select 1 as id',
    'models/props.yml': 'models:\n  - name: b_model\n    columns:\n      - name: id\n        tests: [not_null]\n',
  });

describe('source freshness', () => {
  it('keel source freshness: received_at by default, statuses by threshold, target/sources.json', async () => {
    const p = project();
    await invoke({ projectDir: p.dir, command: 'seed' });
    const run = await sourceFreshness({ projectDir: p.dir, now: NOW });
    const byTable = Object.fromEntries(run.results.map((r) => [r.table, r]));
    expect(Object.keys(byTable).sort()).toEqual(['custom', 'events_a', 'events_b', 'nots']);
    expect(byTable.events_a).toMatchObject({ status: 'pass', loadedAtField: 'received_at', lagSeconds: 3600 });
    expect(byTable.events_b).toMatchObject({ status: 'error', loadedAtField: 'received_at' });
    expect(byTable.events_b!.message).toBe('source app.events_b is stale: last loaded 2025-06-28 00:00:00 UTC, 2 days 13 hours ago, over error_after 1 day');
    expect(byTable.custom).toMatchObject({ status: 'warn', loadedAtField: 'loaded', lagSeconds: 13 * 3600 });
    expect(byTable.nots!.status).toBe('runtime error');
    expect(byTable.nots!.message).toContain('has no received_at column');
    expect(run.success).toBe(false);

    const json = JSON.parse(readFileSync(join(p.dir, 'target/sources.json'), 'utf8'));
    const a = json.results.find((r: { table: string }) => r.table === 'events_a');
    expect(a).toMatchObject({
      unique_id: 'source.t.app.events_a',
      relation_name: '"main_raw"."events_a"',
      max_loaded_at: '2025-06-30T12:00:00.000Z',
      snapshotted_at: '2025-06-30T13:00:00.000Z',
      max_loaded_at_time_ago_in_s: 3600,
      status: 'pass',
      criteria: { warn_after: { count: 6, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null },
    });
  });

  it('build --require-fresh builds nothing downstream of a stale source, and everything else', async () => {
    const p = project();
    // the first build on an empty database: each source is checked after the seed that loads it
    const { results } = await invoke({ projectDir: p.dir, command: 'build', requireFresh: true, freshnessNow: NOW });
    const status = Object.fromEntries(results.results.map((r) => [r.uniqueId.split('.').slice(2).join('.'), r.status]));
    expect(status).toEqual({
      events_a: 'success',
      events_b: 'success',
      custom: 'success',
      nots: 'success',
      'app.events_a': 'pass',
      'app.events_b': 'error',
      a_model: 'success',
      b_model: 'skipped',
      not_null_b_model_id: 'skipped',
      b_child: 'skipped',
      both: 'skipped',
      independent: 'success',
    });
    const skipped = results.results.find((r) => r.name === 'b_child')!;
    expect(skipped.message).toBe('skipped: source app.events_b is stale: last loaded 2025-06-28 00:00:00 UTC, 2 days 13 hours ago, over error_after 1 day');
    expect(results.success).toBe(false);
    expect(results.args.require_fresh).toBe(true);

    // without the flag, or once the data is fresh enough, everything builds
    expect((await invoke({ projectDir: p.dir, command: 'build', freshnessNow: NOW })).results.success).toBe(true);
    const fresh = await invoke({ projectDir: p.dir, command: 'build', requireFresh: true, freshnessNow: new Date('2025-06-28T20:00:00Z') });
    expect(fresh.results.success).toBe(true);
    expect(fresh.results.results.find((r) => r.name === 'events_b' && r.kind === 'source')!.status).toBe('warn');
  });

  it('thresholds: error_after wins; a lag equal to a threshold is within it', () => {
    const c = { warn_after: { count: 1, period: 'hour' as const }, error_after: { count: 2, period: 'hour' as const } };
    expect([3600, 3601, 7200, 7201].map((s) => classifyLag(s, c))).toEqual(['pass', 'warn', 'warn', 'error']);
    expect(classifyLag(10 ** 9, { warn_after: c.warn_after })).toBe('warn');
    expect([0, 42, 3725, 90061].map(formatLag)).toEqual(['0 seconds', '42 seconds', '1 hour 2 minutes', '1 day 1 hour']);
  });
});
