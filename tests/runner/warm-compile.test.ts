import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetPropertiesInMemory } from '../../src/compiler/cache/properties-cache.js';
import { forgetShardsInMemory } from '../../src/compiler/cache/render-cache-shards.js';
import { isKeelError } from '../../src/core/errors.js';
import { compileCommand, newCompileMemo } from '../../src/runner/compile-command.js';
import { MINIMAL_PROJECT_YML, tempProject, type TempProject } from '../helpers/temp-project.js';

type Env = NodeJS.ProcessEnv;
type State = { env: Env; vars?: Record<string, unknown> };

function project(): TempProject {
  return tempProject({
    'project.yml': `${MINIMAL_PROJECT_YML}vars:\n  region: eu\nmodels:\n  marts:\n    +schema: marts\n`,
    'macros/inner.sql': '{% macro inner(x) %}upper({{ x }}){% endmacro %}',
    'macros/outer.sql': '{% macro outer(x) %}trim({{ inner(x) }}){% endmacro %}',
    'models/a.sql': "select {{ outer('name') }} as name, id from {{ source('raw', 'people') }}",
    'models/b.sql': "select * from {{ ref('a') }} where region = '{{ var('region') }}'",
    'models/c.sql': "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, * from {{ ref('a') }}",
    'models/marts/d.sql': "{{ config(materialized='table') }}select * from {{ ref('b') }} join {{ ref('c') }} using (id)",
    'models/src.yml': 'sources:\n  - name: raw\n    tables:\n      - name: people\n',
    'models/props.yml': 'models:\n  - name: b\n    description: b rows\n    columns:\n      - name: name\n        tests: [not_null]\n',
    'tests/sql/no_rows.sql': "select * from {{ ref('d') }} where 1 = 0",
  });
}

/** manifest.json's bytes but for the run's id and time, and the compiled file of every node it lists. */
function artifacts(dir: string) {
  const text = readFileSync(join(dir, 'target/manifest.json'), 'utf8');
  const manifest = text.replace(/"invocation_id":"[^"]*","generated_at":"[^"]*"/, '"invocation_id":"-","generated_at":"-"');
  const files: Record<string, string> = {};
  for (const node of Object.values(JSON.parse(text).nodes) as Array<{ resource_type: string; test_name?: string; compiled_path: string }>) {
    if (node.resource_type === 'model' || node.test_name === 'singular')
      files[node.compiled_path] = readFileSync(join(dir, 'target', node.compiled_path), 'utf8');
  }
  return { manifest, files };
}

/** What the compile throws, if it throws: the message as shown, with its file and line. */
function failure(compile: () => unknown): string | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    return isKeelError(error) ? error.format() : String(error);
  }
}

/** The project compiled with no cache, in a copy of its directory without target/. */
function cold(p: TempProject, state: State): { error?: string; out?: ReturnType<typeof artifacts> } {
  const copy = mkdtempSync(join(tmpdir(), 'keel-cold-'));
  try {
    cpSync(p.dir, copy, { recursive: true, filter: (src) => !src.startsWith(join(p.dir, 'target')) });
    const error = failure(() => compileCommand({ projectDir: copy, env: state.env, vars: state.vars, useCache: false }));
    return error ? { error } : { out: artifacts(copy) };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
type Edit = (rnd: () => number, p: TempProject, state: State) => void;

// each edit rewrites one file from a few variants, adds or removes one, or changes an env var or --vars
const EDITS: Edit[] = [
  (rnd, p) =>
    p.write(
      'models/a.sql',
      `${pick(rnd, ['', "{{ config(materialized='ephemeral') }}"])}select ${pick(rnd, ["{{ outer('name') }}", "{{ inner('name') }}", 'name'])} as name, id from {{ source('raw', 'people') }}`,
    ),
  // refs that may close a cycle (b → d → b)
  (rnd, p) =>
    p.write(
      'models/b.sql',
      `select *${pick(rnd, ['', ", {{ inner('region') }} as r", ', 1 as one'])} from {{ ref('${pick(rnd, ['a', 'a', 'c', 'c', 'd'])}') }} where region = '{{ var('region') }}'`,
    ),
  (rnd, p) =>
    p.write(
      'models/c.sql',
      `select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix${pick(rnd, ['', ", {{ outer('id') }} as o"])}, * from {{ ref('${pick(rnd, ['a', 'b', 'f'])}') }}`,
    ),
  (rnd, p) =>
    p.write(
      'models/marts/d.sql',
      `{{ config(materialized='${pick(rnd, ['table', 'view'])}'${pick(rnd, ['', ", alias='dd'"])}) }}select * from ${pick(rnd, ["{{ ref('b') }} join {{ ref('c') }} using (id)", "{{ ref('c') }}", "{{ ref('b') }}"])}${pick(rnd, ['', ' -- d'])}`,
    ),
  // a model file added, edited or removed
  (rnd, p) =>
    rnd() < 0.25
      ? p.remove('models/marts/f.sql')
      : p.write(
          'models/marts/f.sql',
          pick(rnd, [
            "select * from {{ ref('b') }}",
            "select {{ inner('name') }} as n from {{ ref('a') }} join {{ source('raw', 'people') }} using (id)",
            'select 1 as id',
            "{{ config(alias='ff') }}select * from {{ ref('d') }}",
          ]),
        ),
  (rnd, p) =>
    rnd() < 0.5 ? p.write('models/e.sql', `select {{ var('${pick(rnd, ['region', 'tier'])}', 'none') }} as v from {{ ref('c') }}`) : p.remove('models/e.sql'),
  // macros: bodies, a comment outside them, a macro file added
  (rnd, p) =>
    p.write('macros/inner.sql', `${pick(rnd, ['', '{# note #}\n'])}{% macro inner(x) %}${pick(rnd, ['upper', 'lower', 'initcap'])}({{ x }}){% endmacro %}`),
  (rnd, p) =>
    p.write('macros/outer.sql', pick(rnd, ['{% macro outer(x) %}trim({{ inner(x) }}){% endmacro %}', '{% macro outer(x) %}ltrim({{ x }}){% endmacro %}'])),
  (rnd, p) => p.write('macros/extra.sql', pick(rnd, ['', '{% macro extra() %}1{% endmacro %}', '{% macro extra() %}2{% endmacro %}'])),
  // YAML: descriptions, meta, columns, tests (on a model the project may not have), a model
  // described twice (an error whose line is looked up in a file parsed by an earlier compile)
  (rnd, p) =>
    p.write(
      'models/marts/more.yml',
      `models:\n  - name: ${pick(rnd, ['c', 'c', 'c', 'b'])}\n    description: ${pick(rnd, ['one', 'two'])}\n    meta: {owner: ${pick(rnd, ['x', 'y'])}}\n${pick(
        rnd,
        [
          `    columns:\n      - name: id\n        description: ${pick(rnd, ['key', 'the key'])}\n`,
          '    columns:\n      - name: suffix\n        data_type: text\n      - name: id\n        tests: [unique]\n',
          '',
        ],
      )}`,
    ),
  (rnd, p) =>
    p.write(
      'models/props.yml',
      `models:\n  - name: b\n    description: ${pick(rnd, ['b rows', 'the b rows'])}\n    columns:\n      - name: name\n        tests: [${pick(rnd, [
        'not_null',
        'not_null, unique',
        "{relationships: {to: ref('a'), field: name}}",
        "unique, {accepted_values: {values: [x, y], severity: warn}}, {unique: {where: 'id > 0'}}",
        "{relationships: {to: ref('f'), field: n}}",
      ])}]\n${pick(rnd, ['', '    tests: [{unique: {column_name: id}}]\n', '    config: {enabled: false}\n'])}`,
    ),
  (rnd, p) => (rnd() < 0.5 ? p.remove('models/marts/more.yml') : undefined),
  (rnd, p) =>
    p.write('tests/sql/no_rows.sql', `select * from {{ ref('${pick(rnd, ['d', 'c'])}') }} where ${pick(rnd, ['1 = 0', "{{ inner('id') }} is null"])}`),
  (rnd, p) =>
    p.write(
      'project.yml',
      `${MINIMAL_PROJECT_YML}vars:\n  region: ${pick(rnd, ['eu', 'us'])}\nmodels:\n  marts:\n    +schema: ${pick(rnd, ['marts', 'mart'])}\n`,
    ),
  (rnd, _p, state) => (state.env = pick(rnd, [{}, { KEEL_TEST_SUFFIX: 'x' }, { KEEL_TEST_SUFFIX: 'y' }])),
  (rnd, _p, state) => (state.vars = pick(rnd, [undefined, { region: 'us' }])),
  // a compiled file edited or removed by hand: the next compile restores it
  (rnd, p) => {
    const file = `target/compiled/t/models/${pick(rnd, ['a', 'b', 'marts/d'])}.sql`;
    if (rnd() < 0.3) p.remove(file);
    else p.write(file, pick(rnd, ['select 1\n', 'edited by hand']));
  },
];

const SEEDS = Number(process.env.KEEL_SEEDS ?? 200);
const STEPS = 5;

describe('a warm compile, after random edits, writes the same bytes as a cold one', () => {
  it.each(Array.from({ length: SEEDS }, (_, i) => i + 1))(`seed %i: ${STEPS} edits, each compiled warm and cold`, (seed) => {
    let s = seed * 7919;
    const rnd = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const p = project();
    const state: State = { env: {} };
    // what this process knows of the compiled files, kept between compiles as `--watch` keeps it
    let memo = newCompileMemo();
    try {
      for (let step = 0; step <= STEPS; step++) {
        // sometimes two edits before a compile, as an editor saving several files
        if (step > 0) for (let edits = rnd() < 0.3 ? 2 : 1; edits > 0; edits--) pick(rnd, EDITS)(rnd, p, state);
        // half the compiles read the caches from disk, as a new process does; the others reuse
        // what this process kept in memory, as `keel compile --watch` does
        if (rnd() < 0.5) {
          forgetShardsInMemory();
          forgetPropertiesInMemory();
          memo = newCompileMemo();
        }
        const error = failure(() => compileCommand({ projectDir: p.dir, env: state.env, vars: state.vars, memo }));
        const expected = cold(p, state);
        if (error) expect(error, `step ${step}`).toBe(expected.error);
        else expect(artifacts(p.dir), `step ${step}`).toEqual(expected.out);
      }
    } finally {
      rmSync(p.dir, { recursive: true, force: true });
    }
  });
});
