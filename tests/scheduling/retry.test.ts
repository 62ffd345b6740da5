import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { retry } from '../../src/runner/retry-command.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const db = (dir: string) => join(dir, 'target/t.duckdb');
const silent = { runStarted() {}, nodeStarted() {}, nodeFinished() {}, runFinished() {}, warn() {}, debug() {} };

describe('keel retry', () => {
  it('runs exactly the failed and skipped nodes of the last run, with its command, selection and vars', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/ok_a.sql': "{{ config(materialized='table') }}select {{ var('k') }} as k",
      // fails until the table it reads exists: the injected failure is in the warehouse, not the project
      'models/flaky.sql': "{{ config(materialized='table') }}select *, {{ var('k') }} as k from main.external_feed",
      'models/flaky_child.sql': "{{ config(materialized='table') }}select * from {{ ref('flaky') }}",
      'models/after_both.sql': "select * from {{ ref('ok_a') }} cross join {{ ref('flaky_child') }}",
      'models/ok_b.sql': "select * from {{ ref('ok_a') }}",
      'models/excluded.sql': 'select 1 as id',
      'models/props.yml':
        'models:\n  - name: flaky\n    columns:\n      - name: id\n        tests: [not_null]\n  - name: ok_a\n    columns:\n      - name: k\n        tests: [not_null]\n',
    });
    const first = await invoke({ projectDir: p.dir, command: 'build', vars: { k: 7 }, exclude: ['excluded'] });
    const status = (r: typeof first.results) => Object.fromEntries(r.results.map((x) => [x.name, x.status]));
    expect(status(first.results)).toEqual({
      ok_a: 'success',
      not_null_ok_a_k: 'pass',
      ok_b: 'success',
      flaky: 'error',
      not_null_flaky_id: 'skipped',
      flaky_child: 'skipped',
      after_both: 'skipped',
    });

    await queryDuckDB(db(p.dir), 'create table main.external_feed as select 1 as id');
    const second = await retry({ projectDir: p.dir });
    expect(second.retried).toBe(true);
    if (!second.retried) return;
    expect(status(second.results)).toEqual({ flaky: 'success', not_null_flaky_id: 'pass', flaky_child: 'success', after_both: 'success' });
    expect(second.results.command).toBe('build');
    expect(second.results.args).toMatchObject({ exclude: ['excluded'], vars: { k: 7 }, retry_of: first.results.invocationId });
    // the retried model saw the vars of the original run
    expect(await queryDuckDB(db(p.dir), 'select k from main.flaky_child')).toEqual([{ k: 7 }]);
    expect(await queryDuckDB(db(p.dir), "select count(*)::int as n from information_schema.tables where table_name = 'excluded'")).toEqual([{ n: 0 }]);

    const third = await retry({ projectDir: p.dir });
    expect(third).toEqual({ retried: false, lastInvocationId: second.results.invocationId });
  });

  it('a failing test is retried with what it skipped', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/a.sql': "{{ config(materialized='table') }}select * from (values (1), (1)) t(id)",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': 'select 1 as id',
      'models/props.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique]\n',
    });
    const first = await invoke({ projectDir: p.dir, command: 'build' });
    const sorted = (r: typeof first.results) => r.results.map((x) => [x.name, x.status]).sort();
    expect(sorted(first.results)).toEqual([
      ['a', 'success'],
      ['b', 'skipped'],
      ['c', 'success'],
      ['unique_a_id', 'fail'],
    ]);
    const again = await retry({ projectDir: p.dir });
    expect(again.retried && sorted(again.results)).toEqual([
      ['b', 'skipped'],
      ['unique_a_id', 'fail'],
    ]);
    const runResults = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8'));
    expect(runResults.metadata.command).toBe('build');
    expect(runResults.args.retry_of).toBe(first.results.invocationId);
  });

  it('a cancelled run: the cancelled nodes (running and not started) are retried', async () => {
    const p = tempProject({
      'project.yml': MINIMAL_PROJECT_YML,
      'models/first.sql': "{{ config(materialized='table') }}select 1 as id",
      'models/slow.sql': "{{ config(materialized='table') }}select count(*) as n from range({{ var('n', 10) }}) a, range(1000) b, {{ ref('first') }}",
      'models/after.sql': "select * from {{ ref('slow') }}",
    });
    const controller = new AbortController();
    const reporter = { ...silent, nodeStarted: (node: { name: string }) => node.name === 'slow' && controller.abort() };
    const cancelled = await invoke({
      projectDir: p.dir,
      command: 'run',
      vars: { n: 10 ** 8 },
      threads: 1,
      signal: controller.signal,
      reporter: reporter as never,
    });
    expect(cancelled.results.results.map((r) => [r.name, r.status])).toEqual([
      ['first', 'success'],
      ['slow', 'cancelled'],
      ['after', 'cancelled'],
    ]);
    // the retry keeps --vars: give the slow model a small n through a var default instead
    p.write('models/slow.sql', "{{ config(materialized='table') }}select count(*) as n from range(10) a, {{ ref('first') }}");
    const again = await retry({ projectDir: p.dir });
    expect(again.retried && again.results.results.map((r) => [r.name, r.status])).toEqual([
      ['slow', 'success'],
      ['after', 'success'],
    ]);
  });

  it('says so when there is no earlier run', async () => {
    const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, 'models/a.sql': 'select 1 as id' });
    await expect(retry({ projectDir: p.dir })).rejects.toThrow(/no earlier run to retry/);
  });
});
