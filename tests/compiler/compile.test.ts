import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import type { ModelNode, TestNode } from '../../src/core/nodes.js';
import { prepareManifest } from '../../src/graph/manifest.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

function compile(files: Record<string, string>, opts: { env?: NodeJS.ProcessEnv; vars?: Record<string, unknown> } = {}) {
  const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, ...files });
  return prepareManifest({ projectDir: p.dir, env: opts.env ?? {}, vars: opts.vars });
}
const model = (m: ReturnType<typeof compile>, name: string) => m.nodes.get(`model.t.${name}`) as ModelNode;

function compileError(files: Record<string, string>): KeelError {
  try {
    compile(files);
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    return e as KeelError;
  }
  throw new Error('expected a compile error');
}

describe('compiler helpers', () => {
  it('resolves ref, source, this, var and env_var and records what was read', () => {
    const m = compile(
      {
        'models/a.sql': 'select 1 as id',
        'models/b.sql':
          "{{ config(materialized='table', schema='marts') }}select * from {{ ref('a') }} join {{ source('raw', 'events') }} e on true where '{{ var('x') }}' = '{{ env_var('K', 'dflt') }}' -- {{ this }}",
        'models/src.yml': 'sources:\n  - name: raw\n    schema: landing\n    tables:\n      - name: events\n',
      },
      { vars: { x: 'vx' } },
    );
    const b = model(m, 'b');
    expect(b.compiledSql).toBe(`select * from "main"."a" join "landing"."events" e on true where 'vx' = 'dflt' -- "main_marts"."b"`);
    expect(b.config.materialized).toBe('table');
    expect(b.relation).toEqual({ schema: 'main_marts', identifier: 'b' });
    expect(b.dependsOn.sort()).toEqual(['model.t.a', 'source.t.raw.events']);
    expect(b.varsRead).toEqual(['x']);
    expect(b.envVarsRead).toEqual(['K']);
  });

  it('supports the Jinja constructs dbt projects use', () => {
    const m = compile({
      'models/j.sql': [
        "{%- set cols = ['a', 'b', 'c'] -%}",
        'select',
        '{%- for c in cols %}',
        '  {{ c | upper }} as {{ c.upper() }}_{{ loop.index }}{% if not loop.last %},{% endif %}',
        '{%- endfor %}',
        "from {{ 'T' | lower }} where x = '{{ none_var | default('d') }}' and y = '{{ 'a-b' | replace('-', '_') }}'",
        "{% set d = {'k': 1} %}{% for k, v in d.items() %}-- {{ k }}={{ v }}{% endfor %}",
        "-- {{ '  s  '.strip() }}|{{ 'x,y'.split(',') | join('+') }}|{{ ', '.join(['p', 'q']) }}",
        '{% set l = [] %}{% do l.append(1) %}-- {{ l | length }}',
      ].join('\n'),
    });
    expect(model(m, 'j').compiledSql).toBe(
      ['select', '  A as A_1,', '  B as B_2,', '  C as C_3', "from t where x = 'd' and y = 'a_b'", '-- k=1', '-- s|x+y|p, q', '-- 1'].join('\n'),
    );
  });

  it('makes project macros callable everywhere, calling ref and each other', () => {
    const m = compile({
      'macros/a.sql': '{% macro cents(col) %}({{ col }} / 100.0){% endmacro %}',
      'macros/b.sql': "{% macro dollars_from(name) %}select {{ cents('amount') }} as usd from {{ ref(name) }}{% endmacro %}",
      'models/base.sql': 'select 100 as amount',
      'models/usd.sql': "{{ dollars_from('base') }}",
    });
    const usd = model(m, 'usd');
    expect(usd.compiledSql).toBe('select (amount / 100.0) as usd from "main"."base"');
    expect(usd.dependsOn).toEqual(['model.t.base']);
    expect(usd.macrosCalled).toEqual(['cents', 'dollars_from']);
  });

  it('uses the project generate_schema_name macro', () => {
    const m = compile({
      'macros/s.sql': '{% macro generate_schema_name(custom_schema_name, node) -%}{{ custom_schema_name or target.schema }}{%- endmacro %}',
      'models/a.sql': "{{ config(schema='analytics') }}select 1",
      'models/b.sql': 'select 1',
    });
    expect(model(m, 'a').relation?.schema).toBe('analytics');
    expect(model(m, 'b').relation?.schema).toBe('main');
  });

  it('inlines ephemeral models as CTEs, merged into an existing WITH, nested ones first', () => {
    const m = compile({
      'models/e1.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/e2.sql': "{{ config(materialized='ephemeral') }}select id from {{ ref('e1') }}",
      'models/final.sql': "with x as (select * from {{ ref('e2') }}) select * from x join {{ ref('e1') }} using (id)",
    });
    expect(model(m, 'final').compiledSql).toBe(
      'with "__keel_ephemeral__e1" as (\nselect 1 as id\n),\n"__keel_ephemeral__e2" as (\nselect id from "__keel_ephemeral__e1"\n),\nx as (select * from "__keel_ephemeral__e2") select * from x join "__keel_ephemeral__e1" using (id)',
    );
    expect(model(m, 'e1').relation).toBeUndefined();
  });

  it('turns YAML tests into test nodes with severity and where config', () => {
    const m = compile({
      'models/a.sql': 'select 1 as id',
      'models/p.yml': [
        'models:',
        '  - name: a',
        '    columns:',
        '      - name: id',
        '        tests:',
        '          - unique',
        "          - accepted_values: {values: [1, 2], quote: false, config: {severity: warn, where: 'id > 0'}}",
      ].join('\n'),
    });
    const tests = [...m.nodes.values()].filter((n): n is TestNode => n.kind === 'test');
    expect(tests.map((t) => t.name).sort()).toEqual(['accepted_values_a_id', 'unique_a_id']);
    const av = tests.find((t) => t.testName === 'accepted_values')!;
    expect(av.config.severity).toBe('warn');
    expect(av.attachedTo).toBe('model.t.a');
    expect(av.dependsOn).toEqual(['model.t.a']);
    expect(av.compiledSql).toContain('from (select * from "main"."a" where id > 0) keel_where_subquery');
    expect(av.compiledSql).toContain('not in (1, 2)');
  });

  it('supports custom generic tests written as {% test %} blocks', () => {
    const m = compile({
      'macros/pos.sql': '{% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
      'models/a.sql': 'select 1 as n',
      'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: n\n        tests: [is_positive]\n',
    });
    expect((m.nodes.get('test.t.is_positive_a_n') as TestNode).compiledSql).toBe('select * from "main"."a" where n <= 0');
  });
});

describe('compiler errors name the file and line', () => {
  it('a template syntax error', () => {
    const e = compileError({ 'models/a.sql': 'select 1\nfrom x\n{% if %}\n' });
    expect(e.location).toEqual({ file: 'models/a.sql', line: 3 });
  });

  it('a runtime template error', () => {
    const e = compileError({ 'models/a.sql': 'select 1\n\n{{ exceptions.raise_compiler_error("bad input") }}\n' });
    expect(e.location).toEqual({ file: 'models/a.sql', line: 3 });
    expect(e.message).toBe('bad input');
  });

  it('messages a template logs or raises name the relations, not their placeholders', () => {
    const m = compile({
      'models/a.sql': 'select 1 as id',
      'models/b.sql':
        "{{ log('reads ' ~ ref('a') ~ ' and ' ~ source('raw', 'events') ~ ' into ' ~ this, info=True) }}{{ exceptions.warn('check ' ~ ref('a')) }}select 1",
      'models/src.yml': 'sources:\n  - name: raw\n    tables:\n      - name: events\n',
    });
    expect(m.parsed.warnings).toEqual(['reads a and raw.events into b', 'check a']);
    const e = compileError({ 'models/a.sql': 'select 1', 'models/b.sql': "{{ exceptions.raise_compiler_error('no rows in ' ~ ref('a')) }}" });
    expect(e.message).toBe('no rows in a');
  });

  it('a missing var', () => {
    const e = compileError({ 'models/a.sql': "select 1\nwhere x = {{ var('missing_var') }}" });
    expect(e.location).toEqual({ file: 'models/a.sql', line: 2 });
    expect(e.message).toContain("'missing_var'");
  });

  it('a missing ref, with a suggestion', () => {
    const e = compileError({ 'models/orders.sql': 'select 1', 'models/b.sql': "select 1\nfrom {{ ref('ordrs') }}" });
    expect(e.location).toEqual({ file: 'models/b.sql', line: 2 });
    expect(e.message).toContain("'ordrs'");
    expect(e.format()).toContain("Did you mean 'orders'?");
  });

  it('a cycle, printed as a path', () => {
    const e = compileError({
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
    });
    expect(e.message).toMatch(/Dependency cycle: (a -> c -> b -> a|a -> b -> c -> a|b -> a -> c -> b|c -> b -> a -> c)/);
  });

  it('an unknown config key set in the model', () => {
    const e = compileError({ 'models/a.sql': "{{ config(materialised='table') }}select 1" });
    expect(e.location?.file).toBe('models/a.sql');
    expect(e.message).toContain("unknown config 'materialised'");
  });

  it('an unknown generic test, with a suggestion', () => {
    const e = compileError({
      'models/a.sql': 'select 1 as id',
      'models/p.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests: [uniqe]\n',
    });
    expect(e.location).toEqual({ file: 'models/p.yml', line: 5 });
    expect(e.format()).toContain("Did you mean 'unique'?");
  });
});
