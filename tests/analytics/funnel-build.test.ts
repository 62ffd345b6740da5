import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCommand } from '../../src/runner/compile-command.js';
import { invoke } from '../../src/runner/invoke.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const EVENTS_CSV = `user_id,anonymous_id,event,ts,device
u1,a1,page_viewed,2025-01-01 10:00:00,mobile
u1,a1,product_viewed,2025-01-01 10:01:00,mobile
u1,a1,order_completed,2025-01-01 10:05:00,mobile
,a2,page_viewed,2025-01-02 09:00:00,desktop
,a2,product_viewed,2025-01-09 09:00:00,desktop
u3,a3,product_viewed,2025-01-03 09:00:00,desktop
`;

const FUNNEL_YML = `models:
  - name: checkout_funnel
    config:
      materialized: funnel
      funnel:
        steps:
          - {name: browsed, where: "event = 'page_viewed'"}
          - {name: viewed, where: "event = 'product_viewed'"}
          - {name: ordered, where: "event = 'order_completed'"}
        window: 7 days
        timestamp: ts
        breakdown: [device]
        grain: week
`;

function project(funnelYml = FUNNEL_YML) {
  return tempProject({
    'project.yml': MINIMAL_PROJECT_YML,
    'seeds/events.csv': EVENTS_CSV,
    'models/checkout_funnel.sql': "select *, cast(ts as timestamp) as event_ts from {{ ref('events') }}",
    'models/funnels.yml': funnelYml,
  });
}

const db = (dir: string) => join(dir, 'target/t.duckdb');

describe('funnel models in a project', () => {
  it('builds the per-person and aggregate tables; the person falls back to user_id, then anonymous_id', async () => {
    const p = project();
    const { results } = await invoke({ projectDir: p.dir, command: 'build' });
    expect(results.success).toBe(true);
    expect(results.results.find((r) => r.name === 'checkout_funnel')).toMatchObject({ status: 'success', rowsAffected: 2 });
    const persons = await queryDuckDB(
      db(p.dir),
      'select person_key, device, furthest_step_name, converted, seconds_to_convert from main.checkout_funnel order by 1',
    );
    // a2's product view is 7 days and 0 seconds after the entry: at the window's edge, it counts
    expect(persons).toEqual([
      { person_key: 'a2', device: 'desktop', furthest_step_name: 'viewed', converted: false, seconds_to_convert: null },
      { person_key: 'u1', device: 'mobile', furthest_step_name: 'ordered', converted: true, seconds_to_convert: 300 },
    ]);
    const steps = await queryDuckDB(
      db(p.dir),
      "select strftime(period, '%Y-%m-%d') as period, device, step_name, persons::int as persons from main.checkout_funnel__steps order by device, step_number",
    );
    expect(steps).toEqual([
      { period: '2024-12-30', device: 'desktop', step_name: 'browsed', persons: 1 },
      { period: '2024-12-30', device: 'desktop', step_name: 'viewed', persons: 1 },
      { period: '2024-12-30', device: 'desktop', step_name: 'ordered', persons: 0 },
      { period: '2024-12-30', device: 'mobile', step_name: 'browsed', persons: 1 },
      { period: '2024-12-30', device: 'mobile', step_name: 'viewed', persons: 1 },
      { period: '2024-12-30', device: 'mobile', step_name: 'ordered', persons: 1 },
    ]);
  });

  it('a failing rebuild leaves both tables as they were, and no side tables behind', async () => {
    const p = project();
    await invoke({ projectDir: p.dir, command: 'build' });
    p.write('models/funnels.yml', FUNNEL_YML.replace("event = 'order_completed'", 'no_such_column = 1'));
    const { results } = await invoke({ projectDir: p.dir, command: 'run' });
    expect(results.results.find((r) => r.name === 'checkout_funnel')?.status).toBe('error');
    expect(await queryDuckDB(db(p.dir), 'select count(*)::int as n from main.checkout_funnel')).toEqual([{ n: 2 }]);
    expect(await queryDuckDB(db(p.dir), 'select count(*)::int as n from main.checkout_funnel__steps')).toEqual([{ n: 6 }]);
    p.write('models/funnels.yml', FUNNEL_YML);
    expect((await invoke({ projectDir: p.dir, command: 'run' })).results.success).toBe(true);
    const tables = await queryDuckDB(db(p.dir), "select table_name from information_schema.tables where table_name like 'checkout_funnel%' order by 1");
    expect(tables.map((t) => t.table_name)).toEqual(['checkout_funnel', 'checkout_funnel__steps']);
  });

  it('keel compile writes the statements a build runs, with the model SELECT inlined as the events', () => {
    const p = project();
    compileCommand({ projectDir: p.dir });
    const compiled = readFileSync(join(p.dir, 'target/compiled/t/models/checkout_funnel.sql'), 'utf8');
    expect(compiled).toContain('-- keel funnel checkout_funnel: 3 steps, order strict, window 7 days');
    expect(compiled).toContain('-- 1. per-person table "main"."checkout_funnel"');
    expect(compiled).toContain('-- 2. aggregate table "main"."checkout_funnel__steps", from the per-person table');
    expect(compiled).toContain('cast(ts as timestamp) as event_ts from "main"."events"');
    expect(compiled).toContain('FROM "main"."checkout_funnel" AS p');
    expect(existsSync(join(p.dir, 'target/t.duckdb'))).toBe(false);
  });

  it("hoists the model's own WITH list (ephemeral models) in front of the plan's: Redshift allows no WITH inside a CTE", async () => {
    const p = project();
    p.write('models/eph_events.sql', "{{ config(materialized='ephemeral') }}select * from {{ ref('events') }}");
    p.write('models/checkout_funnel.sql', "select *, cast(ts as timestamp) as event_ts from {{ ref('eph_events') }}");
    compileCommand({ projectDir: p.dir });
    const compiled = readFileSync(join(p.dir, 'target/compiled/t/models/checkout_funnel.sql'), 'utf8');
    expect(compiled).toMatch(/^WITH "__keel_ephemeral__eph_events" as \(/m);
    expect(compiled).not.toMatch(/\(\s*with\b/i);
    const { results } = await invoke({ projectDir: p.dir, command: 'build' });
    expect(results.results.find((r) => r.name === 'checkout_funnel')).toMatchObject({ status: 'success', rowsAffected: 2 });
  });

  it('an invalid funnel config is a project error naming the model file and the key', async () => {
    const p = project(FUNNEL_YML.replace('window: 7 days', 'window: a week'));
    expect(() => compileCommand({ projectDir: p.dir })).toThrow(/funnel config 'funnel.window': 'a week' is not a duration/);
    await expect(invoke({ projectDir: p.dir, command: 'build' })).rejects.toMatchObject({ location: { file: 'models/checkout_funnel.sql' } });
    const dup = project(FUNNEL_YML.replace('{name: viewed,', '{name: browsed,'));
    expect(() => compileCommand({ projectDir: dup.dir })).toThrow(/funnel.steps.1.name.*browsed_at.*collides/);
  });

  it('a configured column the events lack fails the build with the model file and the key', async () => {
    const p = project(FUNNEL_YML.replace('breakdown: [device]', 'breakdown: [utm_source]'));
    const { results } = await invoke({ projectDir: p.dir, command: 'build' });
    const r = results.results.find((x) => x.name === 'checkout_funnel')!;
    expect(r.status).toBe('error');
    expect(r.message).toContain("models/checkout_funnel.sql: funnel config 'funnel.breakdown': the model's SELECT has no column 'utm_source'");
  });
});
