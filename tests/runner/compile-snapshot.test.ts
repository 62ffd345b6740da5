import { cpSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCommand } from '../../src/runner/compile-command.js';
import { MINIMAL_PROJECT_YML, tempProject, type TempProject } from '../helpers/temp-project.js';

type Env = NodeJS.ProcessEnv;

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

/** manifest.json without the run's metadata, and the compiled file of every node it lists: what must equal a cold compile's. */
function outputs(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
  delete manifest.metadata.invocation_id;
  delete manifest.metadata.generated_at;
  const files: Record<string, string> = {};
  for (const node of Object.values(manifest.nodes) as Array<{ resource_type: string; test_name?: string; compiled_path: string }>) {
    if (node.resource_type === 'model' || node.test_name === 'singular') files[node.compiled_path] = readFileSync(join(dir, 'target', node.compiled_path), 'utf8');
  }
  return { manifest, files };
}

/** The same project compiled from nothing, in a copy of its directory. */
function coldOutputs(p: TempProject, opts: { env?: Env; vars?: Record<string, unknown> } = {}) {
  const copy = mkdtempSync(join(tmpdir(), 'keel-cold-'));
  cpSync(p.dir, copy, { recursive: true, filter: (src) => !src.startsWith(join(p.dir, 'target')) });
  compileCommand({ projectDir: copy, env: opts.env ?? {}, vars: opts.vars, useCache: false });
  const out = outputs(copy);
  rmSync(copy, { recursive: true, force: true });
  return out;
}

/** Compiles and checks the result equals a cold compile's; returns the models redone from the snapshot (undefined: a full compile). */
function compileAndCompare(p: TempProject, opts: { env?: Env; vars?: Record<string, unknown>; keepSnapshot?: boolean } = {}) {
  const r = compileCommand({ projectDir: p.dir, env: opts.env ?? {}, vars: opts.vars, keepSnapshot: opts.keepSnapshot });
  expect(outputs(p.dir)).toEqual(coldOutputs(p, opts));
  return r.fromSnapshot;
}

/** The message of the error `compile` throws, if it throws. */
const failure = (compile: () => unknown): string | undefined => {
  try {
    compile();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

// a file written within RACY_MS of a compile is checked by content; these tests also move mtimes back
// so that stats alone are trusted, as they are for files not touched lately
function age(p: TempProject) {
  const old = new Date(Date.now() - 60_000);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'target') continue;
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      utimesSync(path, old, old);
    }
  };
  walk(p.dir);
}

describe('compile from the snapshot equals a cold compile', () => {
  it('recompiles nothing when nothing changed, and only an edited model when one was edited', () => {
    const p = project();
    age(p);
    expect(compileAndCompare(p)).toBeUndefined();
    expect(compileAndCompare(p)).toEqual([]);
    p.write('models/b.sql', "select *, 1 as one from {{ ref('a') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/b.sql'), 'utf8')).toBe(`select *, 1 as one from "main"."a" where region = 'eu'\n`);
    // edits on edits: each compile starts from the last one's snapshot
    p.write('models/b.sql', "select *, 2 as two from {{ ref('a') }} where region = '{{ var('region') }}'");
    p.write('models/marts/d.sql', "{{ config(materialized='view') }}select * from {{ ref('b') }} join {{ ref('c') }} using (id) -- v2");
    expect(compileAndCompare(p)?.sort()).toEqual(['models/b.sql', 'models/marts/d.sql']);
    expect(compileAndCompare(p)).toEqual([]);
  });

  it("writes a model's first edit after a full compile into its entry's room; past it the manifest is written anew, and later edits still fit", () => {
    const p = project();
    // text before the entries edited that is more bytes than characters: their ranges are in bytes
    p.write('models/props.yml', 'models:\n  - name: a\n    description: naïve rows – from raw ☃\n  - name: b\n    description: b rows\n    columns:\n      - name: name\n        tests: [not_null]\n');
    age(p);
    compileAndCompare(p);
    const manifest = join(p.dir, 'target/manifest.json');
    const inode = statSync(manifest).ino;
    p.write('models/b.sql', "select *, 'a first edit' as note from {{ ref('a') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
    expect(statSync(manifest).ino).toBe(inode);
    // grown past its room: the file is replaced, and the entries after b's move
    p.write('models/b.sql', `select *, '${'x'.repeat(400)}' as note from {{ ref('a') }} where region = '{{ var('region') }}'`);
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
    const rewritten = statSync(manifest).ino;
    expect(rewritten).not.toBe(inode);
    // c and d come after b: their first edits find their moved entries
    p.write('models/c.sql', "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, 'c edited' as note, * from {{ ref('a') }}");
    expect(compileAndCompare(p)).toEqual(['models/c.sql']);
    p.write('models/marts/d.sql', "{{ config(materialized='table') }}select *, 'd edited' as note from {{ ref('b') }} join {{ ref('c') }} using (id)");
    expect(compileAndCompare(p)).toEqual(['models/marts/d.sql']);
    expect(statSync(manifest).ino).toBe(rewritten);
  });

  it('recompiles only the models a property file describes when only descriptions changed', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    p.write('models/props.yml', 'models:\n  - name: b\n    description: the b rows\n    meta: {owner: data}\n    columns:\n      - name: name\n        description: a name\n        tests: [not_null]\n');
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    const manifest = JSON.parse(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.t.b'].columns.name.description).toBe('a name');
    p.write('models/props.yml', 'models:\n  - name: b\n    description: the b rows\n    meta: {owner: data}\n    columns:\n      - name: name\n        description: a name\n        tests: [not_null]\n  - name: c\n    description: c rows\n');
    expect(compileAndCompare(p)).toBeUndefined();
    expect(compileAndCompare(p)).toEqual([]);
  });

  it('a column documented without tests, added, renamed or removed, recompiles only the model it describes', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    const props = (columns: string) => `models:\n  - name: b\n    description: b rows\n    columns:\n      - name: name\n        tests: [not_null]\n${columns}`;
    p.write('models/props.yml', props('      - name: region\n        description: where\n        data_type: varchar\n'));
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    const manifest = () => JSON.parse(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8'));
    expect(manifest().nodes['model.t.b'].columns.region).toEqual({ name: 'region', description: 'where', data_type: 'varchar' });
    p.write('models/props.yml', props('      - name: area\n        description: where\n        quote: true\n        tags: [geo]\n'));
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    p.write('models/props.yml', props(''));
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    // columns on a model that had none
    p.write('models/props.yml', `${props('')}  - name: c\n`);
    expect(compileAndCompare(p)).toBeUndefined();
    p.write('models/props.yml', `${props('')}  - name: c\n    columns:\n      - name: suffix\n        description: the suffix\n`);
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    // a test on it, or a tested column renamed: its tests change, compiled again with the models
    p.write('models/props.yml', `${props('')}  - name: c\n    columns:\n      - name: suffix\n        tests: [not_null]\n`);
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    p.write('models/props.yml', `${props('').replace('- name: name', '- name: id')}  - name: c\n    columns:\n      - name: suffix\n        tests: [not_null]\n`);
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    expect(Object.keys(manifest().nodes).filter((id) => id.startsWith('test.')).sort()).toEqual(['test.t.no_rows', 'test.t.not_null_b_id', 'test.t.not_null_c_suffix']);
  });

  it('tests added, changed or removed in a property file are compiled from the snapshot, with the models it describes', () => {
    const p = project();
    p.write('models/more.yml', 'models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [not_null]\n');
    age(p);
    compileAndCompare(p);
    const props = (tests: string) => `models:\n  - name: b\n    description: b rows\n    columns:\n      - name: name\n        tests: [${tests}]\n`;
    const testIds = () => Object.keys(JSON.parse(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8')).nodes).filter((id) => id.startsWith('test.')).sort();
    // added, one with a ref to another model, one with a config
    p.write('models/props.yml', props("not_null, unique, {relationships: {to: ref('a'), field: name}}, {accepted_values: {values: [x, y], severity: warn}}"));
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    expect(testIds()).toEqual(['test.t.accepted_values_b_name', 'test.t.no_rows', 'test.t.not_null_b_name', 'test.t.not_null_c_suffix', 'test.t.relationships_b_name', 'test.t.unique_b_name']);
    // changed and removed, a column and a model-level test added, the description too
    p.write('models/props.yml', props("{accepted_values: {values: [x, z]}}").replace('b rows', 'the b rows').replace('    columns:', "    tests:\n      - relationships: {column_name: id, to: ref('c'), field: id}\n    columns:"));
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    // the same test twice on a column: the second one's name gets a suffix, as in a full compile
    p.write('models/props.yml', props('unique, {unique: {where: "id > 0"}}'));
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    // none left, then tests on another model of the file
    p.write('models/props.yml', props('').replace('\n        tests: []', ''));
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
    p.write('models/props.yml', `${props('not_null')}  - name: d\n`);
    expect(compileAndCompare(p)).toBeUndefined();
    p.write('models/props.yml', `${props('not_null')}  - name: d\n    tests: [{unique: {column_name: id}}]\n`);
    expect(compileAndCompare(p)).toEqual(['models/props.yml']);
  });

  it('tests edited in a property file mean a full compile when they may share a name with another file\'s, or cannot be resolved from the snapshot', () => {
    const cases: Array<[string, string]> = [
      // unique on c.x_y and on c_x.y are both unique_c_x_y: which one gets a suffix depends on both files
      ['a name a test of another file has', 'models:\n  - name: c\n    columns:\n      - name: x_y\n        tests: [unique]\n'],
      ['a ref to a seed', "models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [{relationships: {to: ref('codes'), field: code}}]\n"],
      ['a source', "models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [{relationships: {to: source('raw', 'people'), field: name}}]\n"],
      ['disabled', 'models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [{unique: {enabled: false}}]\n'],
      ['an unknown test', 'models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [uniq]\n'],
      ['a model without a file', 'models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [unique]\n  - name: zz\n'],
      ['tests of two files edited at once', 'models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [unique]\n'],
      ['a source described', 'models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [unique]\nsources:\n  - name: raw2\n    tables:\n      - name: t\n'],
    ];
    for (const [why, yaml] of cases) {
      const p = project();
      p.write('seeds/codes.csv', 'code\nfr\n');
      p.write('models/c_x.sql', 'select 1 as y');
      p.write('models/more.yml', 'models:\n  - name: c\n    columns:\n      - name: suffix\n        tests: [not_null]\n');
      p.write('models/other.yml', 'models:\n  - name: c_x\n    columns:\n      - name: y\n        tests: [unique]\n');
      age(p);
      compileAndCompare(p);
      p.write('models/more.yml', yaml);
      if (why === 'tests of two files edited at once') p.write('models/other.yml', 'models:\n  - name: c_x\n    columns:\n      - name: y\n        tests: [unique, not_null]\n');
      const cold = failure(() => coldOutputs(p));
      if (cold) expect(failure(() => compileCommand({ projectDir: p.dir, env: {} })), why).toBe(cold);
      else expect(compileAndCompare(p), why).toBeUndefined();
    }
  });

  it('a model saved through a temporary file and a rename, or beside a backup file, is still recompiled alone', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    p.write('models/b.sql.tmp', "select 'saved atomically' as how, * from {{ ref('a') }} where region = '{{ var('region') }}'");
    renameSync(join(p.dir, 'models/b.sql.tmp'), join(p.dir, 'models/b.sql'));
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
    p.write('models/b.sql~', 'an editor backup');
    p.write('models/.b.sql.swp', 'an editor swap file');
    expect(compileAndCompare(p)).toEqual([]);
    // a model file added beside them is compiled from the snapshot; one in a new folder in full
    p.write('models/f.sql', 'select 1 as f');
    expect(compileAndCompare(p)).toEqual(['models/f.sql']);
    p.write('models/sub/g.sql', 'select 1 as g');
    expect(compileAndCompare(p)).toBeUndefined();
  });

  it('recompiles only the models whose renders called a macro that changed, itself or through another', () => {
    const p = project();
    p.write('macros/unused.sql', '{% macro unused() %}1{% endmacro %}');
    age(p);
    compileAndCompare(p);
    // outer calls inner: a reads outer, so a is redone; nothing else calls either
    p.write('macros/inner.sql', '{% macro inner(x) %}lower({{ x }}){% endmacro %}');
    expect(compileAndCompare(p)).toEqual(['macros/inner.sql']);
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/a.sql'), 'utf8')).toContain('trim(lower(name))');
    // a comment outside the macros, or a macro no model calls: nothing to redo
    p.write('macros/inner.sql', '{# lower-cases #}\n{% macro inner(x) %}lower({{ x }}){% endmacro %}');
    expect(compileAndCompare(p)).toEqual(['macros/inner.sql']);
    p.write('macros/unused.sql', '{% macro unused() %}2{% endmacro %}');
    expect(compileAndCompare(p)).toEqual(['macros/unused.sql']);
    // a macro a singular test names is compiled in full
    p.write('tests/sql/uses_macro.sql', "select {{ unused() }} as x from {{ ref('a') }} where 1 = 0");
    expect(compileAndCompare(p)).toBeUndefined();
    age(p);
    compileAndCompare(p);
    p.write('macros/unused.sql', '{% macro unused() %}3{% endmacro %}');
    expect(compileAndCompare(p)).toBeUndefined();
  });

  it('a model file added is compiled from the snapshot: its entries are added to the manifest, and later edits, ref()s to it and macro edits reach it', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    // a ref to a model of the snapshot, a source a recorded model reads, a macro
    p.write('models/marts/e.sql', "select {{ inner('name') }} as name, d.id from {{ ref('d') }} as d join {{ source('raw', 'people') }} using (id)");
    expect(compileAndCompare(p)).toEqual(['models/marts/e.sql']);
    // the folder's config applies to it: marts/ builds into a schema of its own
    const manifest = () => JSON.parse(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8'));
    expect(manifest().nodes['model.t.e'].relation).toEqual({ schema: 'main_marts', identifier: 'e' });
    expect(manifest().parent_map['model.t.e']).toEqual(['model.t.d', 'source.t.raw.people']);
    // a second one, in another process that reads the first from the snapshot
    p.write('models/f.sql', 'select 1 as f');
    expect(compileAndCompare(p)).toEqual(['models/f.sql']);
    // edited, then read by another model through a ref, then a macro it calls changes
    p.write('models/marts/e.sql', "select {{ inner('name') }} as name, d.id, 1 as one from {{ ref('d') }} as d join {{ source('raw', 'people') }} using (id)");
    expect(compileAndCompare(p)).toEqual(['models/marts/e.sql']);
    p.write('models/c.sql', "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, * from {{ ref('a') }} join {{ ref('f') }} on true");
    expect(compileAndCompare(p)).toEqual(['models/c.sql']);
    p.write('macros/inner.sql', '{% macro inner(x) %}lower({{ x }}){% endmacro %}');
    expect(compileAndCompare(p)?.sort()).toEqual(['macros/inner.sql']);
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/marts/e.sql'), 'utf8')).toContain('lower(name)');
    // removed: a full compile
    p.remove('models/f.sql');
    p.write('models/c.sql', "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, * from {{ ref('a') }}");
    expect(compileAndCompare(p)).toBeUndefined();
  });

  it('a model file added is written into the room left at the end of the manifest, which a rewrite renews when it runs out', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    const inode = () => statSync(join(p.dir, 'target/manifest.json')).ino;
    const before = inode();
    p.write('models/e.sql', "select * from {{ ref('a') }}");
    expect(compileAndCompare(p)).toEqual(['models/e.sql']);
    p.write('models/f.sql', "select * from {{ ref('e') }}");
    expect(compileAndCompare(p)).toEqual(['models/f.sql']);
    // written in place: the file renamed over it would be a new inode
    expect(inode()).toBe(before);
    // an entry larger than the room left (its raw and compiled SQL are about 20 KB each)
    p.write('models/g.sql', `select 1 as x -- ${'y'.repeat(20_000)}`);
    expect(compileAndCompare(p)).toEqual(['models/g.sql']);
    const rewritten = inode();
    expect(rewritten).not.toBe(before);
    // the rewrite left new room: the next one is written in place, and edits of all three too
    p.write('models/h.sql', "select * from {{ ref('g') }}");
    expect(compileAndCompare(p)).toEqual(['models/h.sql']);
    p.write('models/e.sql', "select *, 2 as two from {{ ref('a') }}");
    expect(compileAndCompare(p)).toEqual(['models/e.sql']);
    p.write('models/h.sql', "select *, 3 as three from {{ ref('g') }}");
    expect(compileAndCompare(p)).toEqual(['models/h.sql']);
    expect(inode()).toBe(rewritten);
  });

  it('a model file added is compiled in full when it could change other nodes or cannot be resolved from the snapshot', () => {
    const cases: Array<[string, string, string]> = [
      ['a name another model has', 'models/marts/b.sql', 'select 1 as x'],
      ["a seed's name", 'models/codes.sql', 'select 1 as x'],
      ['ephemeral', 'models/e.sql', "{{ config(materialized='ephemeral') }}select 1 as x"],
      ['disabled', 'models/e.sql', "{{ config(enabled=false) }}select 1 as x"],
      ['a ref to a seed', 'models/e.sql', "select * from {{ ref('codes') }}"],
      ['a ref to itself', 'models/e.sql', "select * from {{ ref('e') }}"],
      ['a ref to a model that does not exist', 'models/e.sql', "select * from {{ ref('nope') }}"],
      ['a source no model reads', 'models/e.sql', "select * from {{ source('raw', 'orders') }}"],
      ['a warning', 'models/e.sql', "{{ log('hello', info=true) }}select 1 as x"],
      ['run_started_at', 'models/e.sql', "select '{{ run_started_at }}' as at"],
      ['not valid', 'models/e.sql', "select {{ ref( }}"],
      ['in a macro folder', 'macros/e.sql', '{% macro e() %}1{% endmacro %}'],
    ];
    for (const [why, file, text] of cases) {
      const p = project();
      p.write('seeds/codes.csv', 'code\nfr\n');
      p.write('models/src.yml', 'sources:\n  - name: raw\n    tables:\n      - name: people\n      - name: orders\n');
      age(p);
      compileAndCompare(p);
      p.write(file, text);
      // run_started_at differs from one compile to the next: no cold compile to compare with
      if (why === 'run_started_at') {
        expect(compileCommand({ projectDir: p.dir, env: {} }).fromSnapshot, why).toBeUndefined();
        continue;
      }
      const cold = failure(() => coldOutputs(p));
      if (cold) expect(failure(() => compileCommand({ projectDir: p.dir, env: {} })), why).toBe(cold);
      else expect(compileAndCompare(p), why).toBeUndefined();
    }
  });

  it('a model edited to call a macro it did not call is compiled from the snapshot, and a later edit of that macro redoes it', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    // c called no macro at the full compile: the index of callers a macro edit goes by does not list
    // it, its record kept since does
    p.write('models/c.sql', "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, {{ inner('id') }} as loud, * from {{ ref('a') }}");
    expect(compileAndCompare(p)).toEqual(['models/c.sql']);
    p.write('macros/inner.sql', '{% macro inner(x) %}lower({{ x }}){% endmacro %}');
    expect(compileAndCompare(p)?.sort()).toEqual(['macros/inner.sql']);
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/c.sql'), 'utf8')).toContain('lower(id) as loud');
    // a, listed as calling outer (and inner through it), edited to call neither: left out of their edits
    p.write('models/a.sql', "select name, id from {{ source('raw', 'people') }}");
    expect(compileAndCompare(p)).toEqual(['models/a.sql']);
    p.write('macros/inner.sql', '{% macro inner(x) %}initcap({{ x }}){% endmacro %}');
    expect(compileAndCompare(p)).toEqual(['macros/inner.sql']);
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/c.sql'), 'utf8')).toContain('initcap(id) as loud');
    expect(readFileSync(join(p.dir, 'target/compiled/t/models/a.sql'), 'utf8')).not.toContain('initcap');
    // another process reads the kept records the same way
    p.write('macros/outer.sql', '{% macro outer(x) %}ltrim({{ inner(x) }}){% endmacro %}');
    expect(compileAndCompare(p)).toEqual(['macros/outer.sql']);
  });

  it('a process that keeps the snapshot in memory (--watch) follows each new one: its own full compiles, edits, another process', () => {
    const p = project();
    age(p);
    const keep = { keepSnapshot: true };
    expect(compileAndCompare(p, keep)).toBeUndefined();
    expect(compileAndCompare(p, keep)).toEqual([]);
    p.write('models/b.sql', "select *, 1 as one from {{ ref('a') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p, keep)).toEqual(['models/b.sql']);
    p.write('models/c.sql', "select 'x' as suffix, * from {{ ref('a') }}");
    expect(compileAndCompare(p, keep)).toEqual(['models/c.sql']);
    // a full compile of its own writes a new base: the next compile reads it, not the one kept
    p.write('project.yml', `${MINIMAL_PROJECT_YML}vars:\n  region: us\nmodels:\n  marts:\n    +schema: marts\n`);
    expect(compileAndCompare(p, keep)).toBeUndefined();
    p.write('models/b.sql', "select *, 2 as two from {{ ref('a') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p, keep)).toEqual(['models/b.sql']);
    // another process compiles in full meanwhile (a new property file), then an edit reaches the watch
    p.write('models/more.yml', 'models:\n  - name: a\n    description: the a rows\n');
    expect(compileAndCompare(p)).toBeUndefined();
    // and another adds a model from the snapshot
    p.write('models/e.sql', "select * from {{ ref('d') }}");
    expect(compileAndCompare(p)).toEqual(['models/e.sql']);
    p.write('models/e.sql', "select id from {{ ref('d') }}");
    expect(compileAndCompare(p, keep)).toEqual(['models/e.sql']);
    expect(compileAndCompare(p, keep)).toEqual([]);
  });

  it('a model touched but not changed is not recompiled', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    const now = new Date();
    utimesSync(join(p.dir, 'models/a.sql'), now, now);
    expect(compileAndCompare(p)).toEqual([]);
  });

  it("compiles an edit of a model's refs from the snapshot, its parent_map entry too; a cycle, even one two edits make together, compiles in full", () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    const manifest = () => JSON.parse(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8'));
    const inode = statSync(join(p.dir, 'target/manifest.json')).ino;
    // b reads c as well: its entry and its longer parent_map entry fit their room
    p.write('models/b.sql', "select * from {{ ref('a') }} join {{ ref('c') }} using (id) where region = '{{ var('region') }}'");
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
    expect(manifest().parent_map['model.t.b']).toEqual(['model.t.a', 'model.t.c']);
    expect(statSync(join(p.dir, 'target/manifest.json')).ino).toBe(inode);
    // then c alone (a shorter entry, in place), then an edit that keeps the refs the last edit gave
    p.write('models/b.sql', "select * from {{ ref('c') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
    p.write('models/b.sql', "select *, 1 as one from {{ ref('c') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
    expect(manifest().nodes['model.t.b'].depends_on).toEqual(['model.t.c']);
    // c reading d, which reads c: the full compile reports the cycle
    p.write('models/c.sql', "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, * from {{ ref('d') }}");
    expect(() => compileCommand({ projectDir: p.dir, env: {} })).toThrow(/Dependency cycle/);
    // c as it was: as the snapshot has it, so nothing to redo (the failed compile wrote nothing)
    p.write('models/c.sql', "select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix, * from {{ ref('a') }}");
    expect(compileAndCompare(p)).toEqual([]);
    // d reading c alone, then b reading d and d reading b in one compile: each edit alone is no cycle
    p.write('models/marts/d.sql', "{{ config(materialized='table') }}select * from {{ ref('c') }}");
    expect(compileAndCompare(p)).toEqual(['models/marts/d.sql']);
    p.write('models/b.sql', "select * from {{ ref('d') }} where region = '{{ var('region') }}'");
    p.write('models/marts/d.sql', "{{ config(materialized='table') }}select * from {{ ref('b') }}");
    expect(() => compileCommand({ projectDir: p.dir, env: {} })).toThrow(/Dependency cycle/);
  });

  it('after a ref that reads a model of a higher level, ref edits walk the records: levels no longer rule out a cycle', () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/src.yml': 'sources:\n  - name: raw\n    tables:\n      - name: people\n',
      'models/x.sql': "select id from {{ source('raw', 'people') }}",
      'models/y.sql': "select id from {{ ref('x') }}",
      'models/z.sql': "select id from {{ ref('y') }}",
      'models/w.sql': "select id from {{ source('raw', 'people') }}",
    });
    age(p);
    compileAndCompare(p);
    // w (level 1) reads z (level 3): no cycle, but w is now above z
    p.write('models/w.sql', "select id from {{ source('raw', 'people') }} join {{ ref('z') }} using (id)");
    expect(compileAndCompare(p)).toEqual(['models/w.sql']);
    // y (level 2) reading w (recorded at level 1) closes y -> z -> w -> y
    p.write('models/y.sql', "select id from {{ ref('x') }} join {{ ref('w') }} using (id)");
    expect(() => compileCommand({ projectDir: p.dir, env: {} })).toThrow(/Dependency cycle/);
  });

  it('compiles in full when an edit reaches other nodes: sources, relation, enabled, ephemeral', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    const edits: Array<[string, string]> = [
      ['models/b.sql', "select * from {{ ref('a') }} join {{ source('raw', 'people') }} using (id)"],
      ['models/b.sql', "{{ config(alias='b_renamed') }}select * from {{ ref('a') }}"],
      ['models/b.sql', "{{ config(schema='other') }}select * from {{ ref('a') }}"],
      ['models/b.sql', "{{ config(materialized='ephemeral') }}select * from {{ ref('a') }}"],
      ['models/b.sql', "select * from {{ ref('a') }} where region = '{{ var('region') }}'"],
      ['models/marts/d.sql', "{{ config(enabled=false) }}select * from {{ ref('b') }}"],
      ['models/marts/d.sql', "{{ config(materialized='table') }}select * from {{ ref('b') }}"],
    ];
    for (const [file, text] of edits) {
      p.write(file, text);
      expect(compileAndCompare(p), text).toBeUndefined();
    }
    expect(compileAndCompare(p)).toEqual([]);
  });

  it('compiles in full when a macro, YAML, project.yml, a seed or a singular test changes', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    const edits: Array<[string, string]> = [
      ['macros/inner.sql', '{% macro inner(x) %}lower({{ x }}){% endmacro %}\n{% macro added() %}1{% endmacro %}'],
      ['macros/inner.sql', '{% set shared = 1 %}{% macro inner(x) %}lower({{ x }}){% endmacro %}'],
      ['macros/schema.sql', '{% macro generate_schema_name(custom, node) %}{{ custom or target.schema }}{% endmacro %}'],
      ['macros/schema.sql', '{% macro generate_schema_name(custom, node) %}{{ custom or "main" }}{% endmacro %}'],
      ['macros/tests.sql', '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} < 0{% endtest %}'],
      ['macros/tests.sql', '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}'],
      ['models/props.yml', 'models:\n  - name: b\n    description: b rows\n    columns:\n      - name: name\n        tests: [not_null]\n  - name: c\n'],
      ['models/props.yml', 'models:\n  - name: b\n    config:\n      alias: b2\n    columns:\n      - name: name\n        tests: [not_null, unique]\n'],
      ['models/src.yml', 'sources:\n  - name: raw\n    description: raw data\n    tables:\n      - name: people\n'],
      ['project.yml', `${MINIMAL_PROJECT_YML}vars:\n  region: us\nmodels:\n  marts:\n    +schema: marts\n`],
      ['tests/sql/no_rows.sql', "select * from {{ ref('d') }} where 2 = 0"],
      ['seeds/countries.csv', 'code\nfr\n'],
    ];
    for (const [file, text] of edits) {
      p.write(file, text);
      expect(compileAndCompare(p), file).toBeUndefined();
      if (file.endsWith('.csv')) {
        // a seed's text is not kept: one changed lately is compiled in full until its stat is old
        expect(compileAndCompare(p), file).toBeUndefined();
        age(p);
        expect(compileAndCompare(p), file).toBeUndefined();
      }
      // the file just written is checked by content, found as compiled
      expect(compileAndCompare(p), file).toEqual([]);
    }
  });

  it('compiles in full when a file is removed or a file other than a model added, and when --vars or an env var read changes', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    p.write('models/more.yml', 'models:\n  - name: a\n    description: the a rows\n');
    expect(compileAndCompare(p)).toBeUndefined();
    p.write('models/e.sql', "select * from {{ ref('a') }}");
    expect(compileAndCompare(p)).toEqual(['models/e.sql']);
    age(p);
    compileAndCompare(p);
    p.remove('models/e.sql');
    expect(compileAndCompare(p)).toBeUndefined();
    age(p);
    expect(compileAndCompare(p, { vars: { region: 'us' } })).toBeUndefined();
    expect(compileAndCompare(p, { vars: { region: 'us' } })).toEqual([]);
    expect(compileAndCompare(p, { vars: { region: 'us' }, env: { KEEL_TEST_SUFFIX: 'x' } })).toBeUndefined();
    // a variable no template reads changes nothing
    expect(compileAndCompare(p, { vars: { region: 'us' }, env: { KEEL_TEST_SUFFIX: 'x', UNRELATED: '1' } })).toEqual([]);
    // a model that starts reading an env var is recompiled, and a later change of that var is seen
    p.write('models/b.sql', "select '{{ env_var('KEEL_B', 'b') }}' as tag, * from {{ ref('a') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p, { vars: { region: 'us' }, env: { KEEL_TEST_SUFFIX: 'x' } })).toEqual(['models/b.sql']);
    expect(compileAndCompare(p, { vars: { region: 'us' }, env: { KEEL_TEST_SUFFIX: 'x', KEEL_B: 'changed' } })).toBeUndefined();
  });

  it('restores compiled files edited or deleted by hand, and redoes a manifest written by another command', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    writeFileSync(join(p.dir, 'target/compiled/t/models/a.sql'), 'select 42');
    expect(compileAndCompare(p)).toBeUndefined();
    rmSync(join(p.dir, 'target/compiled/t/models/c.sql'));
    expect(compileAndCompare(p)).toBeUndefined();
    compileCommand({ projectDir: p.dir, env: {}, select: ['a'] });
    // a compile that records no snapshot leaves no room after entries: nothing will patch them
    expect(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8')).not.toContain(' '.repeat(64));
    expect(compileAndCompare(p)).toBeUndefined();
    expect(readFileSync(join(p.dir, 'target/manifest.json'), 'utf8')).toContain(' '.repeat(256));
    expect(compileAndCompare(p)).toEqual([]);
  });

  it('finds the snapshot under a target-path set in project.yml', () => {
    const p = tempProject({ 'project.yml': `${MINIMAL_PROJECT_YML}target-path: 'out' # artifacts\n`, 'models/a.sql': 'select 1 as id' });
    age(p);
    expect(compileCommand({ projectDir: p.dir, env: {} }).fromSnapshot).toBeUndefined();
    expect(compileCommand({ projectDir: p.dir, env: {} }).fromSnapshot).toEqual([]);
    p.write('models/a.sql', 'select 2 as id');
    expect(compileCommand({ projectDir: p.dir, env: {} }).fromSnapshot).toEqual(['models/a.sql']);
    expect(readFileSync(join(p.dir, 'out/compiled/t/models/a.sql'), 'utf8')).toBe('select 2 as id\n');
  });

  it('never serves a model that reads run_started_at from the snapshot', () => {
    const p = project();
    p.write('models/b.sql', "select '{{ run_started_at }}' as at, * from {{ ref('a') }}");
    compileCommand({ projectDir: p.dir, env: {} });
    expect(compileCommand({ projectDir: p.dir, env: {} }).fromSnapshot).toBeUndefined();
  });

  it('a broken edit fails as a full compile does, and the fix compiles', () => {
    const p = project();
    age(p);
    compileAndCompare(p);
    p.write('models/b.sql', "select * from {{ ref('a') }} where x = {{ var('no_such_var') }}");
    expect(() => compileCommand({ projectDir: p.dir, env: {} })).toThrow(
      expect.objectContaining({ message: "Required var 'no_such_var' is not set", location: { file: 'models/b.sql', line: 1 } }),
    );
    p.write('models/b.sql', "select 1 as fixed from {{ ref('a') }} where region = '{{ var('region') }}'");
    expect(compileAndCompare(p)).toEqual(['models/b.sql']);
  });
});

describe('compile from the snapshot, after random edits, equals a cold compile', () => {
  // each edit rewrites one file from a few variants (or changes an env var or --vars)
  const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  type Edit = (rnd: () => number, p: TempProject, state: { env: Env; vars?: Record<string, unknown> }) => void;
  // edits a compile from the snapshot may take: the text of models, a model added, macro bodies, descriptions
  const LIGHT: Edit[] = [
    (rnd, p) => p.write('models/a.sql', `select ${pick(rnd, ["{{ outer('name') }}", "{{ inner('name') }}", 'name'])} as name, id from {{ source('raw', 'people') }}`),
    (rnd, p) =>
      p.write('models/b.sql', `select *${pick(rnd, ['', ", {{ inner('region') }} as r", ', 1 as one'])} from {{ ref('${pick(rnd, ['a', 'a', 'c', 'c', 'd'])}') }} where region = '{{ var('region') }}'`),
    (rnd, p) => p.write('models/c.sql', `select '{{ env_var('KEEL_TEST_SUFFIX', 'none') }}' as suffix${pick(rnd, ['', ", {{ outer('id') }} as o"])}, * from {{ ref('${pick(rnd, ['a', 'b', 'f'])}') }}`),
    // a model file added (or edited): refs, a source, a macro, an alias
    (rnd, p) =>
      p.write(
        'models/marts/f.sql',
        pick(rnd, [
          "select * from {{ ref('b') }}",
          "select {{ inner('name') }} as n from {{ ref('a') }} join {{ source('raw', 'people') }} using (id)",
          'select 1 as id',
          "{{ config(alias='ff') }}select * from {{ ref('d') }}",
        ]),
      ),
    (rnd, p) =>
      p.write(
        'models/marts/d.sql',
        `{{ config(materialized='${pick(rnd, ['table', 'view'])}'${pick(rnd, ['', ", alias='dd'"])}) }}select * from ${pick(rnd, ["{{ ref('b') }} join {{ ref('c') }} using (id)", "{{ ref('c') }}", "{{ ref('b') }}"])}${pick(rnd, ['', ' -- d'])}`,
      ),
    (rnd, p) => p.write('macros/inner.sql', `${pick(rnd, ['', '{# note #}\n'])}{% macro inner(x) %}${pick(rnd, ['upper', 'lower', 'initcap'])}({{ x }}){% endmacro %}`),
    (rnd, p) => p.write('macros/outer.sql', pick(rnd, ['{% macro outer(x) %}trim({{ inner(x) }}){% endmacro %}', '{% macro outer(x) %}ltrim({{ x }}){% endmacro %}'])),
    (rnd, p) =>
      p.write(
        'models/marts/more.yml',
        `models:\n  - name: c\n    description: ${pick(rnd, ['one', 'two'])}\n    meta: {owner: ${pick(rnd, ['x', 'y'])}}\n${pick(rnd, [
          `    columns:\n      - name: id\n        description: ${pick(rnd, ['key', 'the key'])}\n`,
          '    columns:\n      - name: suffix\n        data_type: text\n      - name: id\n',
          '',
        ])}`,
      ),
  ];
  LIGHT.push((rnd, p) =>
    p.write(
      'models/props.yml',
      `models:\n  - name: b\n    description: ${pick(rnd, ['b rows', 'the b rows'])}\n    columns:\n      - name: name\n        tests: [${pick(rnd, [
        'not_null',
        'not_null, unique',
        "{relationships: {to: ref('a'), field: name}}",
        "unique, {accepted_values: {values: [x, y], severity: warn}}, {unique: {where: 'id > 0'}}",
        "{relationships: {to: ref('f'), field: n}}",
      ])}]\n${pick(rnd, ['', "    tests: [{unique: {column_name: id}}]\n"])}`,
    ),
  );
  // edits that mean a full compile: files added or removed, structure, ephemeral, env vars, vars
  const HEAVY: Edit[] = [
    (rnd, p) => p.write('models/a.sql', `${pick(rnd, ['', "{{ config(materialized='ephemeral') }}"])}select name, id from {{ source('raw', 'people') }}`),
    (rnd, p) => (rnd() < 0.5 ? p.write('models/e.sql', `select {{ var('${pick(rnd, ['region', 'tier'])}', 'none') }} as v from {{ ref('c') }}`) : p.remove('models/e.sql')),
    (_rnd, p) => p.remove('models/marts/f.sql'),
    (rnd, p) => p.write('macros/extra.sql', pick(rnd, ['', '{% macro extra() %}1{% endmacro %}', '{% macro extra() %}2{% endmacro %}'])),
    (rnd, p) => p.write('tests/sql/no_rows.sql', `select * from {{ ref('${pick(rnd, ['d', 'c'])}') }} where ${pick(rnd, ['1 = 0', "{{ inner('id') }} is null"])}`),
    (rnd, _p, state) => (state.env = { KEEL_TEST_SUFFIX: pick(rnd, ['x', 'y']) }),
    (rnd, _p, state) => (state.vars = pick(rnd, [undefined, { region: 'us' }])),
  ];


  it.each(Array.from({ length: Number(process.env.KEEL_SEEDS ?? 16) }, (_, i) => i + 1))('seed %i: 25 edits, each compiled and compared', (seed) => {
    let s = seed * 7919;
    const rnd = () => ((s = (s * 48271) % 2147483647) / 2147483647);
    const p = project();
    const state: { env: Env; vars?: Record<string, unknown> } = { env: {} };
    age(p);
    compileAndCompare(p, state);
    for (let step = 0; step < 25; step++) {
      // sometimes two edits before a compile, as an editor saving several files
      for (let edits = rnd() < 0.3 ? 2 : 1; edits > 0; edits--) pick(rnd, rnd() < 0.85 ? LIGHT : HEAVY)(rnd, p, state);
      // files aged are trusted by their stat, fresh ones compared by content; half the compiles
      // keep the snapshot in memory, as --watch does
      if (rnd() < 0.5) age(p);
      // an edit may make a cycle: then the cold compile fails alike
      const keepSnapshot = rnd() < 0.5;
      const error = failure(() => compileCommand({ projectDir: p.dir, env: state.env, vars: state.vars, keepSnapshot }));
      if (error) expect(failure(() => coldOutputs(p, state))).toBe(error);
      else expect(outputs(p.dir)).toEqual(coldOutputs(p, state));
    }
  });
});
