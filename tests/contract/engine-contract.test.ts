import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { tempProject, type TempProject } from '../helpers/temp-project.js';
import { CONTRACT_ENGINES, tableRows, withEngine } from './engines.js';

/**
 * What every engine promises, written once and run on each (DuckDB on a real file, Athena and
 * Redshift on their emulators): builds that fail change nothing, incremental builds equal full
 * refreshes, a killed build's leftovers are repaired, seeds round-trip, tests count alike.
 */

/** `n` rows; the newest is still filling up (its value changes once a later row arrives), as late events do. */
const EVENTS = `{{ config(materialized='table') }}
{% for i in range(var('n')) %}select cast({{ i }} as integer) as id, cast({{ i * 10 + (1 if loop.last else 0) }} as integer) as v{% if not loop.last %}
union all
{% endif %}{% endfor %}`;

/** The new rows, with one repeated when `dup` is set. */
const NEW_ROWS = `select id, v from (select id, v from {{ ref('events') }}{% if var('dup', 0) %} union all select id, v from {{ ref('events') }} where id = {{ var('n') - 1 }}{% endif %}) s`;
const keyed = (strategy: string) =>
  `{{ config(materialized='incremental', incremental_strategy='${strategy}', unique_key='id') }}${NEW_ROWS}{% if is_incremental() %} where id >= (select max(id) from {{ this }}){% endif %}`;

const INCREMENTAL = {
  'models/events.sql': EVENTS,
  'models/appended.sql': `{{ config(materialized='incremental', incremental_strategy='append') }}select id from {{ ref('events') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}`,
  'models/merged.sql': keyed('merge'),
  'models/replaced.sql': keyed('delete+insert'),
};

const SEED = 'id,name,score\n1,"a, b",1.5\n2,"say ""hi""",\n3,it\'s,-2\n';

const statuses = (r: Awaited<ReturnType<typeof invoke>>) => Object.fromEntries(r.results.results.map((x) => [x.name, x.status]));
const messageOf = (r: Awaited<ReturnType<typeof invoke>>, name: string) => r.results.results.find((x) => x.name === name)?.message ?? '';

for (const make of CONTRACT_ENGINES) {
  const e = make();
  describe(`engine contract: ${e.type}`, () => {
    let schemas = 0;
    beforeAll(() => e.start());
    afterAll(() => e.stop());

    function project(files: Record<string, string>): { p: TempProject; schema: string } {
      const schema = `contract_${++schemas}`;
      return { p: tempProject({ 'project.yml': e.projectYml(schema), ...files }), schema };
    }
    const build = (p: TempProject, opts: Partial<Parameters<typeof invoke>[0]> = {}) => invoke({ projectDir: p.dir, command: 'build', ...opts });

    it('a failing rebuild leaves the old table and view readable', async () => {
      const { p, schema } = project({
        'models/t.sql': "{{ config(materialized='table') }}select cast(1 as integer) as id",
        'models/v.sql': "{{ config(materialized='view') }}select cast(2 as integer) as id",
      });
      expect(statuses(await build(p))).toEqual({ t: 'success', v: 'success' });
      p.write('models/t.sql', "{{ config(materialized='table') }}select 1 as id from");
      p.write('models/v.sql', "{{ config(materialized='view') }}select 2 as id from");
      expect(statuses(await build(p))).toEqual({ t: 'error', v: 'error' });
      expect(await tableRows(e, p.dir, schema, 't')).toEqual(['{"id":1}']);
      expect(await tableRows(e, p.dir, schema, 'v')).toEqual(['{"id":2}']);
      expect(await tableRows(e, p.dir, schema, 't__keel_tmp')).toBeNull();
    });

    it('append, merge and delete+insert builds give the table a full refresh gives', async () => {
      const { p, schema } = project(INCREMENTAL);
      expect((await build(p, { vars: { n: 3 } })).results.success).toBe(true);
      const second = await build(p, { vars: { n: 6 } });
      expect(statuses(second)).toEqual({ events: 'success', appended: 'success', merged: 'success', replaced: 'success' });
      const incremental = {
        appended: await tableRows(e, p.dir, schema, 'appended'),
        merged: await tableRows(e, p.dir, schema, 'merged'),
        replaced: await tableRows(e, p.dir, schema, 'replaced'),
      };
      expect(incremental.appended).toHaveLength(6);
      // the row still filling up at the first build holds its final value, once
      expect(incremental.merged).toEqual(['{"id":0,"v":0}', '{"id":1,"v":10}', '{"id":2,"v":20}', '{"id":3,"v":30}', '{"id":4,"v":40}', '{"id":5,"v":51}']);
      expect(incremental.replaced).toEqual(incremental.merged);

      expect((await build(p, { vars: { n: 6 }, fullRefresh: true })).results.success).toBe(true);
      for (const name of ['appended', 'merged', 'replaced'] as const) expect(await tableRows(e, p.dir, schema, name), name).toEqual(incremental[name]);
    });

    it('a repeated unique_key in the new rows fails the node, names the key, and applies nothing', async () => {
      const { p, schema } = project(INCREMENTAL);
      expect((await build(p, { vars: { n: 3 } })).results.success).toBe(true);
      const before = { merged: await tableRows(e, p.dir, schema, 'merged'), replaced: await tableRows(e, p.dir, schema, 'replaced') };
      const r = await build(p, { vars: { n: 6, dup: 1 } });
      expect(statuses(r)).toMatchObject({ merged: 'error', replaced: 'error', appended: 'success' });
      for (const name of ['merged', 'replaced'] as const) {
        expect(messageOf(r, name)).toContain('unique_key (id) is not unique in the new rows: 1 key repeats, e.g. id=5 (2 rows)');
        expect(await tableRows(e, p.dir, schema, name)).toEqual(before[name]);
        expect(await tableRows(e, p.dir, schema, `${name}__keel_tmp`)).toBeNull();
      }
    });

    it('a first build whose rows repeat the unique_key fails and creates no table', async () => {
      const { p, schema } = project(INCREMENTAL);
      const r = await build(p, { vars: { n: 3, dup: 1 } });
      expect(statuses(r)).toMatchObject({ events: 'success', merged: 'error', replaced: 'error' });
      expect(messageOf(r, 'merged')).toContain('unique_key (id) is not unique in the built table: 1 key repeats, e.g. id=2 (2 rows)');
      expect(await tableRows(e, p.dir, schema, 'merged')).toBeNull();
      expect(await tableRows(e, p.dir, schema, 'merged__keel_tmp')).toBeNull();
    });

    it("a killed swap's side relations are repaired by the next build", async () => {
      const { p, schema } = project({ 'models/m.sql': "{{ config(materialized='table') }}select cast({{ var('x') }} as integer) as id" });
      expect((await build(p, { vars: { x: 1 } })).results.success).toBe(true);
      await withEngine(e, p.dir, schema, async (engine) => {
        for (const identifier of ['m__keel_tmp', 'm__keel_backup']) await engine.createTableAs({ schema, identifier }, 'select cast(9 as integer) as id');
      });
      expect(statuses(await build(p, { vars: { x: 2 } }))).toEqual({ m: 'success' });
      expect(await tableRows(e, p.dir, schema, 'm')).toEqual(['{"id":2}']);
      expect(await tableRows(e, p.dir, schema, 'm__keel_tmp')).toBeNull();
      expect(await tableRows(e, p.dir, schema, 'm__keel_backup')).toBeNull();
    });

    it('a seed round-trips: quotes, commas, empty values and numbers', async () => {
      const { p, schema } = project({ 'seeds/people.csv': SEED });
      expect(statuses(await invoke({ projectDir: p.dir, command: 'seed' }))).toEqual({ people: 'success' });
      expect(await tableRows(e, p.dir, schema, 'people')).toEqual([
        '{"id":1,"name":"a, b","score":1.5}',
        '{"id":2,"name":"say \\"hi\\"","score":null}',
        '{"id":3,"name":"it\'s","score":-2}',
      ]);
    });

    it("counts tests' failures alike", async () => {
      const { p } = project({
        'models/people.sql':
          "{{ config(materialized='table') }}select cast(1 as integer) as id, cast('a' as varchar(10)) as name union all select cast(1 as integer), cast('b' as varchar(10)) union all select cast(2 as integer), cast(null as varchar(10))",
        'models/p.yml':
          "models:\n  - name: people\n    columns:\n      - name: id\n        tests: [unique, not_null]\n      - name: name\n        tests:\n          - not_null\n          - accepted_values: {values: ['a']}\n",
      });
      const r = await build(p);
      const failures = Object.fromEntries(r.results.results.filter((x) => x.name !== 'people').map((x) => [x.name, [x.status, x.failures]]));
      expect(failures).toEqual({
        unique_people_id: ['fail', 1],
        not_null_people_id: ['pass', 0],
        not_null_people_name: ['fail', 1],
        accepted_values_people_name: ['fail', 1],
      });
    });
  });
}
