import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { keel, keelUntil } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const project = () =>
  tempProject({
    'project.yml': `${MINIMAL_PROJECT_YML}models:\n  staging:\n    +tags: [staging]\n`,
    'models/staging/stg_a.sql': 'select 1 as id',
    'models/staging/stg_b.sql': "select * from {{ ref('stg_a') }}",
    'models/marts/m.sql': "{{ config(materialized='table', tags=['slow']) }}select * from {{ ref('stg_b') }}",
    'models/marts/n.sql': "select * from {{ ref('stg_b') }}",
  });

describe('keel CLI', () => {
  it('ls lists by selector; compile writes compiled SQL for the selection', () => {
    const p = project();
    const ls = keel(['ls', '--select', 'tag:staging'], p.dir);
    expect(ls.code).toBe(0);
    expect(ls.stdout.trim().split('\n')).toEqual(['stg_a', 'stg_b']);
    expect(keel(['ls', '-s', 'stg_b+', '--exclude', 'tag:slow'], p.dir).stdout.trim().split('\n')).toEqual(['stg_b', 'n']);
    const c = keel(['compile', '--select', '+stg_b'], p.dir);
    expect(c.code).toBe(0);
    expect(readdirSync(join(p.dir, 'target/compiled/t/models/staging')).sort()).toEqual(['stg_a.sql', 'stg_b.sql']);
    expect(existsSync(join(p.dir, 'target/compiled/t/models/marts/m.sql'))).toBe(false);
    expect(existsSync(join(p.dir, 'target/manifest.json'))).toBe(true);
  });

  it('warns about a --select argument that matches nothing, and about project warnings, on compile, ls and build', () => {
    const p = project();
    p.write('models/props.yml', 'models:\n  - name: no_such_model\n    description: gone\n');
    const c = keel(['compile', '-s', 'stg_a', 'stg_typo'], p.dir);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('Compiled 1 node');
    expect(c.stderr).toContain("Warning: The selection criterion 'stg_typo' does not match any node");
    expect(c.stderr).not.toContain("'stg_a'");
    expect(c.stderr).toContain("Warning: models/props.yml: describes model 'no_such_model', which does not exist");
    // a project that warns is compiled in full every time, so it says so every time
    expect(keel(['compile'], p.dir).stderr).toContain("describes model 'no_such_model'");
    expect(keel(['compile'], p.dir).stderr).toContain("describes model 'no_such_model'");
    expect(keel(['ls', '-s', 'tag:nope'], p.dir).stderr).toContain("Warning: The selection criterion 'tag:nope' does not match any node");
    const b = keel(['build', '-s', 'stg_typo'], p.dir);
    expect(b.code).toBe(0);
    expect(b.stdout + b.stderr).toContain("The selection criterion 'stg_typo' does not match any node");
  });

  it('--log-format json prints one parseable JSON object per line', () => {
    const p = project();
    const r = keel(['--log-format', 'json', 'build'], p.dir);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: 'run_started', total: 4 });
    expect(events.filter((e) => e.event === 'node_finished').map((e) => [e.unique_id, e.status])).toContainEqual(['model.t.m', 'success']);
    expect(events.at(-1)).toMatchObject({ event: 'run_finished', success: true });
  });

  it('exits 1 when a node fails and 2 on a project error, without a stack trace unless --debug', () => {
    const p = project();
    p.write('models/marts/m.sql', "{{ config(materialized='table') }}select nope from {{ ref('stg_b') }}");
    const failed = keel(['run'], p.dir);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('ERROR');
    expect(failed.stdout).toContain('models/marts/m.sql');

    p.write('models/marts/m.sql', "select 1\nfrom {{ ref('stg_bb') }}");
    const broken = keel(['run'], p.dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("models/marts/m.sql:2: Model 'stg_bb' not found");
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    expect(keel(['run', '--debug'], p.dir).stderr).toMatch(/\n\s+at /);
  });

  it('a build killed mid-way leaves the previous table readable, and the next build cleans up', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/big.sql': "{{ config(materialized='table') }}select '{{ var('tag') }}' as tag, count(*) as n from range({{ var('n') }}) a, range(1000) b",
    });
    expect(keel(['run', '--vars', '{tag: old, n: 10}'], p.dir).code).toBe(0);
    const run = keelUntil(['run', '--vars', '{tag: new, n: 100000000}'], p.dir, 'START table model big');
    await run.seen;
    await sleep(300);
    run.child.kill('SIGKILL');
    expect(await run.exited).toBe(-1);
    const db = join(p.dir, 'target/t.duckdb');
    expect(await queryDuckDB(db, 'select tag from main.big')).toEqual([{ tag: 'old' }]);
    expect(keel(['run', '--vars', '{tag: new, n: 10}'], p.dir).code).toBe(0);
    expect(await queryDuckDB(db, 'select tag from main.big')).toEqual([{ tag: 'new' }]);
    expect(await queryDuckDB(db, "select table_name from information_schema.tables where table_schema <> 'keel_meta' and table_name like '%keel%'")).toEqual(
      [],
    );
  });
});
