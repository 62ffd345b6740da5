import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCommand, listCommand } from '../../src/runner/compile-command.js';
import { invoke } from '../../src/runner/invoke.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const ENV = { KEEL_TEST_REGION: 'eu', KEEL_TEST_SECRET: 'hunter2-s3cr3t' };

/** One model per place a change can be in, plus bystanders that must stay unselected. */
const project = () =>
  tempProject({
    'project.yml': `${MINIMAL_PROJECT_YML}vars:\n  rate: 2\n  unused: 1\nmodels:\n  +materialized: view\n`,
    'seeds/countries.csv': 'code,name\nde,Germany\n',
    'macros/money.sql':
      '{% macro cents(x) %}{{ x }} * {{ scale() }}{% endmacro %}\n{% macro scale() %}100{% endmacro %}\n{% macro unrelated() %}1{% endmacro %}\n',
    'macros/other.sql': '{% macro other_macro() %}2{% endmacro %}\n',
    'models/m_body.sql': 'select 1 as id',
    'models/m_child.sql': "select * from {{ ref('m_body') }}",
    'models/m_config.sql': "{{ config(tags=['a']) }}select 1 as id",
    'models/m_macro.sql': 'select {{ cents(1) }} as c',
    'models/m_var.sql': "select {{ var('rate') }} as r",
    'models/m_env.sql': "select '{{ env_var('KEEL_TEST_REGION') }}' as region, '{{ env_var('KEEL_TEST_SECRET') | length }}' as n",
    'models/m_props.sql': 'select 1 as id',
    'models/m_other.sql': 'select {{ other_macro() }} as o',
    'models/m_seed_reader.sql': "select * from {{ ref('countries') }}",
    'models/props.yml': 'models:\n  - name: m_props\n    description: before\n    columns:\n      - name: id\n        tests: [not_null]\n',
  });

type P = ReturnType<typeof project>;

function snapshotState(p: P, env: NodeJS.ProcessEnv = ENV): string {
  compileCommand({ projectDir: p.dir, env, useCache: false });
  const dir = join(p.dir, 'state');
  mkdirSync(dir, { recursive: true });
  cpSync(join(p.dir, 'target/manifest.json'), join(dir, 'manifest.json'));
  return dir;
}

const modified = (p: P, state: string, select = ['state:modified'], env: NodeJS.ProcessEnv = ENV, target?: string) =>
  listCommand({ projectDir: p.dir, state, select, env, target })
    .nodes.filter((id) => !id.startsWith('test.'))
    .map((id) => id.split('.').pop())
    .sort();

describe('--state and state:modified', () => {
  it('selects nothing when nothing changed, and nothing for changes no node reads', () => {
    const p = project();
    const state = snapshotState(p);
    expect(modified(p, state)).toEqual([]);
    // a var nobody reads, an env var nobody reads, a macro nobody calls (in a file with called ones)
    p.write('project.yml', `${MINIMAL_PROJECT_YML}vars:\n  rate: 2\n  unused: 99\nmodels:\n  +materialized: view\n`);
    p.write(
      'macros/money.sql',
      '{% macro cents(x) %}{{ x }} * {{ scale() }}{% endmacro %}\n{% macro scale() %}100{% endmacro %}\n{% macro unrelated() %}999{% endmacro %}\n',
    );
    expect(modified(p, state, ['state:modified'], { ...ENV, SOMETHING_ELSE: 'x' })).toEqual([]);
  });

  it('picks up a change in each place, and only the node it belongs to', () => {
    const p = project();
    const state = snapshotState(p);
    const changes: Array<[string, (q: P) => void, NodeJS.ProcessEnv?]> = [
      ['m_body', (q) => q.write('models/m_body.sql', 'select 2 as id')],
      ['m_config', (q) => q.write('models/m_config.sql', "{{ config(tags=['b']) }}select 1 as id")],
      // scale() is called by cents() inside the same file: the render never reports that call
      [
        'm_macro',
        (q) =>
          q.write(
            'macros/money.sql',
            '{% macro cents(x) %}{{ x }} * {{ scale() }}{% endmacro %}\n{% macro scale() %}1000{% endmacro %}\n{% macro unrelated() %}1{% endmacro %}\n',
          ),
      ],
      ['m_var', (q) => q.write('project.yml', `${MINIMAL_PROJECT_YML}vars:\n  rate: 3\n  unused: 1\nmodels:\n  +materialized: view\n`)],
      ['m_env', () => {}, { ...ENV, KEEL_TEST_SECRET: 'another-secret!' }],
      [
        'm_props',
        (q) => q.write('models/props.yml', 'models:\n  - name: m_props\n    description: after\n    columns:\n      - name: id\n        tests: [not_null]\n'),
      ],
      ['countries', (q) => q.write('seeds/countries.csv', 'code,name\nde,Germany\nfr,France\n')],
    ];
    for (const [name, change, env] of changes) {
      // each change on its own copy of the project, compared with the same state
      const q = tempProject({});
      cpSync(p.dir, q.dir, { recursive: true });
      change(q as P);
      expect([name, modified(q as P, state, ['state:modified'], env ?? ENV)]).toEqual([name, [name]]);
    }
  });

  it('sub-selectors name the place; + adds descendants; state:new is what the state lacks', () => {
    const p = project();
    const state = snapshotState(p);
    p.write('models/m_body.sql', 'select 2 as id');
    // config from YAML: a config change that is neither the body nor a property
    p.write(
      'models/props.yml',
      'models:\n  - name: m_props\n    description: before\n    columns:\n      - name: id\n        tests: [not_null]\n  - name: m_config\n    config: {tags: [b]}\n',
    );
    p.write('models/m_new.sql', 'select 1 as id');
    expect(modified(p, state, ['state:modified.body'])).toEqual(['m_body', 'm_new']);
    expect(modified(p, state, ['state:modified.configs'])).toEqual(['m_config', 'm_new']);
    expect(modified(p, state, ['state:modified.macros'])).toEqual(['m_new']);
    expect(modified(p, state, ['state:modified.properties'])).toEqual(['m_new']);
    expect(modified(p, state, ['state:new'])).toEqual(['m_new']);
    expect(modified(p, state, ['state:modified+'])).toEqual(['m_body', 'm_child', 'm_config', 'm_new']);
    expect(() => modified(p, state, ['state:changed'])).toThrow(/Unknown state selector 'state:changed'/);
    expect(() => listCommand({ projectDir: p.dir, select: ['state:modified'], env: ENV })).toThrow(/no --state was given/);
  });

  it('another target (other schemas, other compiled SQL) is not a change', () => {
    const p = project();
    p.write(
      'project.yml',
      `${MINIMAL_PROJECT_YML}  ci:\n    type: duckdb\n    path: target/ci.duckdb\n    schema: ci_123\nvars:\n  rate: 2\n  unused: 1\nmodels:\n  +materialized: view\n`,
    );
    const state = snapshotState(p);
    expect(modified(p, state, ['state:modified'], ENV, 'ci')).toEqual([]);
  });

  it('keeps env var values out of the manifest: only digests', () => {
    const p = project();
    snapshotState(p);
    const manifest = readFileSync(join(p.dir, 'target/manifest.json'), 'utf8');
    const entry = JSON.parse(manifest).nodes['model.t.m_env'];
    expect(Object.keys(entry.state.env_vars).sort()).toEqual(['KEEL_TEST_REGION', 'KEEL_TEST_SECRET']);
    expect(manifest).not.toContain('hunter2-s3cr3t');
    expect(entry.state.env_vars.KEEL_TEST_SECRET).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a missing or old state manifest is a clear error', () => {
    const p = project();
    expect(() => modified(p, join(p.dir, 'nowhere'))).toThrow(/no manifest\.json/);
    p.write('old/manifest.json', JSON.stringify({ metadata: { keel_schema_version: 1 }, nodes: {} }));
    expect(() => modified(p, join(p.dir, 'old'))).toThrow(/older keel/);
  });
});

describe('--defer', () => {
  const deferProject = () =>
    tempProject({
      'project.yml': `name: t\ntarget: dev\ntargets:\n  prod:\n    type: duckdb\n    path: target/t.duckdb\n    schema: prod\n  dev:\n    type: duckdb\n    path: target/t.duckdb\n    schema: dev\n`,
      'models/base.sql': "{{ config(materialized='table') }}select 'from ' || '{{ target.name }}' as origin",
      'models/eph.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('base') }}",
      'models/top.sql': "{{ config(materialized='table') }}select * from {{ ref('eph') }}",
    });

  it('reads unselected parents that this target lacks from the relations in the state manifest', async () => {
    const p = deferProject();
    expect((await invoke({ projectDir: p.dir, command: 'run', target: 'prod' })).results.success).toBe(true);
    cpSync(join(p.dir, 'target/manifest.json'), join(p.dir, 'prod-state/manifest.json'), { recursive: true });
    const { results } = await invoke({ projectDir: p.dir, command: 'run', select: ['top'], state: join(p.dir, 'prod-state'), defer: true });
    expect(results.results.map((r) => [r.name, r.status])).toEqual([['top', 'success']]);
    const db = join(p.dir, 'target/t.duckdb');
    expect(await queryDuckDB(db, 'select origin from dev.top')).toEqual([{ origin: 'from prod' }]);
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/top.sql'), 'utf8')).toContain('"prod"."base"');
  });

  it('does not defer a parent this target has built, nor without --defer', async () => {
    const p = deferProject();
    await invoke({ projectDir: p.dir, command: 'run', target: 'prod' });
    cpSync(join(p.dir, 'target/manifest.json'), join(p.dir, 'prod-state/manifest.json'), { recursive: true });
    const noDefer = await invoke({ projectDir: p.dir, command: 'run', select: ['top'], state: join(p.dir, 'prod-state') });
    expect(noDefer.results.results[0]!.status).toBe('error');
    await invoke({ projectDir: p.dir, command: 'run', select: ['base'] });
    await invoke({ projectDir: p.dir, command: 'run', select: ['top'], state: join(p.dir, 'prod-state'), defer: true });
    expect(await queryDuckDB(join(p.dir, 'target/t.duckdb'), 'select origin from dev.top')).toEqual([{ origin: 'from dev' }]);
    await expect(invoke({ projectDir: p.dir, command: 'run', defer: true })).rejects.toThrow(/--defer needs --state/);
  });
});
