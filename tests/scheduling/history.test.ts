import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { keel } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const project = (extra = '') =>
  tempProject({
    'project.yml': `${MINIMAL_PROJECT_YML}${extra}`,
    'seeds/s.csv': 'id\n1\n2\n',
    'models/a.sql': "{{ config(materialized='table') }}select * from {{ ref('s') }}",
    'models/bad.sql': "{{ config(materialized='table') }}select nope from {{ ref('a') }}",
    'models/after_bad.sql': "select * from {{ ref('bad') }}",
    'models/props.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique]\n',
  });

describe('run history in the target', () => {
  it('every invocation appends a keel_runs row and one keel_run_nodes row per node, matching run_results.json', async () => {
    const p = project();
    const db = join(p.dir, 'target/t.duckdb');
    await invoke({ projectDir: p.dir, command: 'seed' });
    const { results } = await invoke({ projectDir: p.dir, command: 'build', select: ['+after_bad', 'a'], exclude: ['s'] });
    const file = JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8'));

    const runs = await queryDuckDB(db, 'select * exclude (started_at, finished_at, host, args) from keel_meta.keel_runs order by started_at');
    expect(runs).toHaveLength(2);
    expect(runs[1]).toEqual({
      invocation_id: file.metadata.invocation_id,
      command: 'build',
      target: 'dev',
      selection: '+after_bad a',
      exclusion: 's',
      status: 'failure',
      elapsed_seconds: expect.any(Number),
      nodes_total: 4,
      nodes_ok: 2,
      nodes_warn: 0,
      nodes_error: 1,
      nodes_skipped: 1,
      nodes_cancelled: 0,
      retry_of: null,
    });
    const nodes = await queryDuckDB(
      db,
      `select unique_id, status, message, rows_affected::int as rows_affected, failures::int as failures, execution_seconds,
              strftime(started_at, '%Y-%m-%dT%H:%M:%S.%g') as started_at
       from keel_meta.keel_run_nodes where invocation_id = '${results.invocationId}' order by unique_id`,
    );
    const expected = [...file.results]
      .sort((x: { unique_id: string }, y: { unique_id: string }) => x.unique_id.localeCompare(y.unique_id))
      .map(
        (r: {
          unique_id: string;
          status: string;
          message: string;
          rows_affected: number | null;
          failures: number | null;
          execution_time: number;
          timing: Array<{ started_at: string }>;
        }) => ({
          unique_id: r.unique_id,
          status: r.status,
          message: r.message,
          rows_affected: r.rows_affected,
          failures: r.failures,
          execution_seconds: r.execution_time,
          started_at: r.timing[0]?.started_at.replace(/Z$/, '') ?? null,
        }),
      );
    expect(nodes).toEqual(expected);
  });

  it('keel history prints the last runs; run-history can move to another schema or be switched off', async () => {
    const p = project('run-history:\n  schema: ops\n');
    expect(keel(['history'], p.dir).stdout).toBe('No run history yet (ops.keel_runs does not exist on target dev)\n');
    expect(keel(['seed'], p.dir).code).toBe(0);
    expect(keel(['build', '-s', 'a'], p.dir).code).toBe(0);
    expect(keel(['run', '-s', 'bad'], p.dir).code).toBe(1);
    const out = keel(['history', '--limit', '2'], p.dir);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^started \(UTC\)\s+command\s+target\s+status\s+ok\s+warn\s+error\s+skip\s+cancel\s+elapsed\s+invocation\s+selection$/);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+run\s+dev\s+failure\s+0\s+0\s+1\s+0\s+0\s+[\d.]+s\s+[0-9a-f-]{36}\s+--select bad$/);
    expect(lines[2]).toMatch(/\s+build\s+dev\s+success\s+2\s+0\s+0\s+0\s+0\s+.*--select a$/);
    const json = keel(['history', '--output', 'json', '--limit', '1'], p.dir)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json).toEqual([expect.objectContaining({ command: 'run', status: 'failure', selection: 'bad', nodes_error: 1 })]);

    const off = project('run-history:\n  enabled: false\n');
    expect(keel(['build', '-s', '+a'], off.dir).code).toBe(0);
    expect(keel(['history'], off.dir).stdout).toContain('Run history is switched off');
    expect(
      await queryDuckDB(join(off.dir, 'target/t.duckdb'), "select count(*)::int as n from information_schema.schemata where schema_name = 'keel_meta'"),
    ).toEqual([{ n: 0 }]);
  });
});
