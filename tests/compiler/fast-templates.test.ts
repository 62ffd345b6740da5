import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCompileProject } from '../../src/bench/compile-project.js';
import { createEnvironment } from '../../src/compiler/environment.js';
import { registerMacros } from '../../src/compiler/macros.js';
import { helperContext } from '../../src/compiler/parse/parse-project.js';
import { Renderer, type RenderOutput } from '../../src/compiler/render.js';
import { KeelError } from '../../src/core/errors.js';
import { loadProject } from '../../src/project/load.js';
import { BUILTIN_TESTS } from '../../src/testing/builtin-tests.js';
import { tempProject } from '../helpers/temp-project.js';

const ROOT = join(import.meta.dirname, '../..');

/** Two renderers over one environment (the sample workspace's macros): the fast path, and Nunjucks for everything. */
function renderers(projectDir = ROOT) {
  const project = loadProject(projectDir, { vars: { start_date: '2025-01-01', n: 3 } });
  const env = createEnvironment(helperContext(project, { env: { HOME_REGION: 'eu' }, runStartedAt: new Date('2025-03-01T00:00:00Z') }, []));
  const macros = project.macroFiles.map((file) => ({ file, text: readFileSync(join(project.root, file), 'utf8') }));
  registerMacros(env, [BUILTIN_TESTS, ...macros]);
  return { fast: new Renderer(env), nunjucks: new Renderer(env, false), project };
}

type Outcome = { ok: true; out: RenderOutput } | { ok: false; error: string };
function attempt(r: Renderer, raw: string, file = 'models/x.sql'): Outcome {
  try {
    return { ok: true, out: r.render({ file, name: 'x', raw, baseConfig: { materialized: 'view', tags: ['base'] } }) };
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    const k = e as KeelError;
    return { ok: false, error: `${k.message} @ ${k.location?.file}:${k.location?.line}` };
  }
}

function expectSameAsNunjucks(r: ReturnType<typeof renderers>, raw: string, file?: string) {
  expect(attempt(r.fast, raw, file), raw).toEqual(attempt(r.nunjucks, raw, file));
}

const SIMPLE = [
  "{{ config(materialized='table', tags=['a', \"b\"], unique_key='id') }}select * from {{ ref('stg_orders') }}",
  "select {{ 1 }}, {{ 2.50 }}, {{ 7. }}, {{ true }}, {{ false }}, {{ none }}, {{ null }}, '{{ [1, 'a', [true]] }}'",
  "from {{ source('web_app', 'tracks') }} where d >= '{{ var('start_date') }}' and r = '{{ env_var('HOME_REGION') }}'",
  "{{ var('missing', 'fallback') }} {{ env_var('NOPE', 'd') }} {{ var('n') }}",
  '-- {{ this }} {{ this.name }} {{ target.schema }} {{ target.type }} {{ run_started_at }}',
  "select\n  {{- ref('stg_orders') -}}\n  ,\n  {{ 'x' -}}   \n\n  y  {{- 'z' }}",
  'a {# a comment {{ ref("nope") }} #} b {#- trims both -#}   c\n{# last #}',
  "{{ 'it\\'s' }} {{ \"tab\\tline\\nq\\\"\" }} {{ 'back\\\\slash' }} {{ '}}' }}",
  "{{ config.get('materialized') }} {{ config.get('absent', 'dflt') }} {{ 'abc'.upper() }} {{ 'a,b'.split(',') }}",
  '{{ hash_email("email") }} {{ undefined_name }} {{ target.nope.deeper }} {{ constructor }}',
  '{{ ref( "stg_orders" , version = 2 ) }}{{ config(tags = "one") }}',
  'plain text only, with { braces } and # hashes and }} closers',
  '',
];

const FALLBACK = [
  '{% if is_incremental() %}where x{% endif %}',
  "{{ 'a' | upper }}",
  '{{ 1 + 2 }}',
  "{{ x if y else 'z' }}",
  '{{ not true }}',
  "{{ {'a': 1} }}",
  '{{ items[0] }}',
  "{{ f(k=1, 'positional after keyword') }}",
  '{{ (1) }}',
  '{{ a == b }}',
  '{{ r/ab/ }}',
];

const ERRORS = [
  "{{ ref('a', 'b', 'c') }}",
  "{{ var('required_and_missing') }}",
  '{{ not_a_function() }}',
  '{{ target.schema() }}',
  'select 1 #} stray',
  '{{ unclosed',
  '{# unclosed',
  "{{ 'unterminated }}",
  '{{ }}',
  "{{ exceptions.raise_compiler_error('stop here') }}",
];

describe('templates rendered without Nunjucks', () => {
  const r = renderers();

  it('takes the fast path for text and simple calls', () => {
    for (const raw of SIMPLE) expect(r.fast.isFast(raw), raw).toBe(true);
    for (const raw of FALLBACK) expect(r.fast.isFast(raw), raw).toBe(false);
  });

  it('renders exactly what Nunjucks renders, captures included', () => {
    for (const raw of [...SIMPLE, ...FALLBACK]) expectSameAsNunjucks(r, raw);
  });

  it('raises the same errors, at the same file and line', () => {
    for (const raw of ERRORS) {
      const outcome = attempt(r.fast, `select 1\n${raw}`);
      expect(outcome.ok, raw).toBe(false);
      expect(outcome).toEqual(attempt(r.nunjucks, `select 1\n${raw}`));
    }
  });

  it("agrees on every model of the sample workspace and of the compile benchmark's generator", () => {
    const files = [...r.project.modelFiles.map((f) => join(ROOT, f))];
    const bench = tempProject({});
    writeCompileProject(bench.dir, 40);
    const b = renderers(bench.dir);
    let fast = 0;
    for (const f of files) {
      const raw = readFileSync(f, 'utf8');
      if (r.fast.isFast(raw)) fast++;
      expectSameAsNunjucks(r, raw, f);
    }
    for (const f of b.project.modelFiles) {
      const raw = readFileSync(join(bench.dir, f), 'utf8');
      expect(b.fast.isFast(raw), f).toBe(true);
      expectSameAsNunjucks(b, raw, f);
    }
    // most sample models are plain selects over refs; the incremental ones need Nunjucks
    expect(fast).toBeGreaterThan(files.length / 2);
  });
});
