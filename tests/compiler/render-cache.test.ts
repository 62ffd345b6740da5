import { readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareManifest, type PrepareOptions } from '../../src/graph/manifest.js';
import { MINIMAL_PROJECT_YML, tempProject, type TempProject } from '../helpers/temp-project.js';

/** Compiled SQL and relation of every node: what a cached compile must reproduce exactly. */
function compiled(p: TempProject, useCache: boolean, opts: Partial<PrepareOptions> = {}) {
  const m = prepareManifest({ projectDir: p.dir, env: {}, useCache, ...opts });
  m.cache?.save();
  const out = Object.fromEntries(
    [...m.nodes.values()].map((n) => [n.uniqueId, { sql: (n as { compiledSql?: string }).compiledSql, relation: n.relation, config: n.config }]),
  );
  return { out, hits: m.cache?.hits ?? 0, misses: m.cache?.misses ?? 0 };
}

function project(): TempProject {
  return tempProject({
    'project.yml': `${MINIMAL_PROJECT_YML}vars:\n  region: eu\nmodels:\n  marts:\n    +schema: marts\n`,
    'macros/inner.sql': '{% macro inner(x) %}upper({{ x }}){% endmacro %}',
    'macros/outer.sql': '{% macro outer(x) %}trim({{ inner(x) }}){% endmacro %}',
    'macros/unused.sql': '{% macro unused() %}1{% endmacro %}',
    'models/a.sql': "select {{ outer('name') }} as name from {{ source('raw', 'people') }}",
    'models/b.sql': "select * from {{ ref('a') }} where region = '{{ var('region') }}'",
    'models/c.sql': "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, * from {{ ref('a') }}",
    'models/marts/d.sql': "{{ config(materialized='table') }}select * from {{ ref('b') }}",
    'models/src.yml': 'sources:\n  - name: raw\n    tables:\n      - name: people\n',
    'models/props.yml': 'models:\n  - name: b\n    columns:\n      - name: name\n        tests: [not_null]\n',
  });
}

/** After `change`, a warm compile equals a cold one and re-rendered exactly `expectMisses` models. */
function expectFreshAfter(p: TempProject, change: () => void, expectMisses: number, opts: Partial<PrepareOptions> = {}) {
  compiled(p, true, opts.env ? { ...opts, env: {} } : {});
  change();
  const warm = compiled(p, true, opts);
  const cold = compiled(p, false, opts);
  expect(warm.out).toEqual(cold.out);
  expect(warm.misses).toBe(expectMisses);
  expect(warm.hits).toBe(4 - expectMisses);
  return warm.out;
}

describe('render cache never serves a stale result', () => {
  it('renders a model that logs every time, so its messages are said on every compile', () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': "{{ log('hello from a', info=True) }}select 1 as id",
      'models/b.sql': 'select 2 as id',
    });
    for (let i = 0; i < 2; i++) {
      const m = prepareManifest({ projectDir: p.dir, env: {}, useCache: true });
      m.cache?.save();
      expect(m.parsed.warnings).toEqual(['hello from a']);
      expect(m.cache?.hits).toBe(i);
    }
  });

  it('reuses every render when nothing changed', () => {
    const p = project();
    const first = compiled(p, true);
    expect(first.misses).toBe(4);
    const second = compiled(p, true);
    expect(second.hits).toBe(4);
    expect(second.out).toEqual(first.out);
  });

  it('a changed model file', () => {
    const p = project();
    const out = expectFreshAfter(p, () => p.write('models/b.sql', "select name from {{ ref('a') }}"), 1);
    expect(out['model.t.b']!.sql).toBe('select name from "main"."a"');
  });

  it('a changed macro the model calls directly or through another macro', () => {
    const p = project();
    const out = expectFreshAfter(p, () => p.write('macros/inner.sql', '{% macro inner(x) %}lower({{ x }}){% endmacro %}'), 1);
    expect(out['model.t.a']!.sql).toContain('trim(lower(name))');
  });

  it('a macro nobody calls changes nothing', () => {
    const p = project();
    expectFreshAfter(p, () => p.write('macros/unused.sql', '{% macro unused() %}2{% endmacro %}'), 0);
  });

  it('a changed var in project.yml or on the command line', () => {
    const p = project();
    let out = expectFreshAfter(p, () => p.write('project.yml', `${MINIMAL_PROJECT_YML}vars:\n  region: us\nmodels:\n  marts:\n    +schema: marts\n`), 1);
    expect(out['model.t.b']!.sql).toContain("region = 'us'");
    compiled(p, true);
    const warm = compiled(p, true, { vars: { region: 'apac' } });
    expect(warm.out).toEqual(compiled(p, false, { vars: { region: 'apac' } }).out);
    out = warm.out;
    expect(out['model.t.b']!.sql).toContain("region = 'apac'");
    expect(warm.misses).toBe(1);
  });

  it('a changed env var the model reads', () => {
    const p = project();
    compiled(p, true);
    const warm = compiled(p, true, { env: { KEEL_TEST_SUFFIX: 'x' } });
    expect(warm.misses).toBe(1);
    expect(warm.out).toEqual(compiled(p, false, { env: { KEEL_TEST_SUFFIX: 'x' } }).out);
    expect(warm.out['model.t.c']!.sql).toContain("'x' as suffix");
  });

  it('a changed folder config in project.yml', () => {
    const p = project();
    const out = expectFreshAfter(p, () => p.write('project.yml', `${MINIMAL_PROJECT_YML}vars:\n  region: eu\nmodels:\n  marts:\n    +schema: gold\n`), 1);
    expect(out['model.t.d']!.relation).toEqual({ schema: 'main_gold', identifier: 'd' });
  });

  it('a changed YAML property file: config and tests', () => {
    const p = project();
    const out = expectFreshAfter(
      p,
      () =>
        p.write(
          'models/props.yml',
          'models:\n  - name: b\n    config:\n      materialized: table\n    columns:\n      - name: name\n        tests: [unique]\n',
        ),
      1,
    );
    expect(out['model.t.b']!.config.materialized).toBe('table');
    expect(out['test.t.unique_b_name']).toBeDefined();
    expect(out['test.t.not_null_b_name']).toBeUndefined();
  });

  it('a changed target drops the whole cache', () => {
    const p = project();
    compiled(p, true);
    p.write('project.yml', `${MINIMAL_PROJECT_YML.replace('schema: main', 'schema: analytics')}vars:\n  region: eu\nmodels:\n  marts:\n    +schema: marts\n`);
    const warm = compiled(p, true);
    expect(warm.hits).toBe(0);
    expect(warm.out).toEqual(compiled(p, false).out);
    expect(warm.out['model.t.b']!.sql).toContain('"analytics"."a"');
  });

  it('a new macro defined anywhere drops the whole cache (it may shadow a name a model uses)', () => {
    const p = project();
    compiled(p, true);
    p.write('macros/new.sql', '{% macro brand_new() %}1{% endmacro %}');
    expect(compiled(p, true).hits).toBe(0);
  });

  it('a model that reads run_started_at is rendered every time', () => {
    const p = project();
    p.write('models/e.sql', "select '{{ run_started_at }}' as at");
    compiled(p, true);
    const warm = compiled(p, true);
    expect(warm.misses).toBe(1);
  });

  it('rewrites only the cache files whose renders changed, and drops a deleted model', () => {
    const p = project();
    compiled(p, true);
    const dir = join(p.dir, 'target/.keel/render-cache');
    const old = new Date('2020-01-01T00:00:00Z');
    const files = readdirSync(dir);
    for (const f of files) utimesSync(join(dir, f), old, old);
    expect(compiled(p, true).hits).toBe(4);
    expect(readdirSync(dir).filter((f) => statSync(join(dir, f)).mtime.getTime() !== old.getTime())).toEqual([]);
    const c = readFileSync(join(p.dir, 'models/c.sql'), 'utf8');
    p.remove('models/c.sql');
    expect(compiled(p, true).hits).toBe(3);
    // c's file is rewritten without it, or removed when c was its only entry
    const after = readdirSync(dir);
    const touched = after.filter((f) => statSync(join(dir, f)).mtime.getTime() !== old.getTime()).length + (files.length - after.length);
    expect(touched).toBe(1);
    p.write('models/c.sql', c);
    const back = compiled(p, true);
    expect(back.misses).toBe(1);
    expect(back.out).toEqual(compiled(p, false).out);
  });
});
