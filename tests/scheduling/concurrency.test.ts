import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keel } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';
import { startKeel } from './spawn.js';

/** `slow` runs as long as its var `n` makes it (10**8: until interrupted). */
const project = () =>
  tempProject({
    'project.yml': MINIMAL_PROJECT_YML,
    'models/first.sql': "{{ config(materialized='table') }}select '{{ var('tag', 'x') }}' as tag",
    'models/slow.sql': "{{ config(materialized='table') }}select count(*) as n from range({{ var('n', 10) }}) a, range(1000) b, {{ ref('first') }}",
    'models/after.sql': "{{ config(materialized='table') }}select * from {{ ref('slow') }}",
  });

interface NodeRow {
  invocation_id: string;
  started_at: string | null;
  completed_at: string | null;
}

/** Node executions per invocation, from the history the builds wrote. */
async function spans(db: string): Promise<Map<string, { first: number; last: number }>> {
  const rows = (await queryDuckDB(
    db,
    'select invocation_id, started_at::varchar as started_at, completed_at::varchar as completed_at from keel_meta.keel_run_nodes',
  )) as unknown as NodeRow[];
  const out = new Map<string, { first: number; last: number }>();
  for (const r of rows) {
    if (!r.started_at || !r.completed_at) continue;
    const s = Date.parse(`${r.started_at.replace(' ', 'T')}Z`);
    const e = Date.parse(`${r.completed_at.replace(' ', 'T')}Z`);
    const cur = out.get(r.invocation_id) ?? { first: s, last: e };
    out.set(r.invocation_id, { first: Math.min(cur.first, s), last: Math.max(cur.last, e) });
  }
  return out;
}

describe('one build at a time per target', () => {
  it('a second build exits naming the holder, a third waits for it; their node executions never interleave', async () => {
    const p = project();
    const db = join(p.dir, 'target/t.duckdb');
    const a = startKeel(['--log-format', 'json', 'build', '--vars', '{n: 100000000}'], p.dir);
    await a.until('"unique_id":"model.t.slow"');
    const invocationA = JSON.parse(a.output().split('\n')[0]!).invocationId;

    const b = keel(['build', '--vars', '{n: 10}'], p.dir);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain(`Target 'dev' is locked by keel build (invocation ${invocationA}, pid ${a.child.pid} on `);
    expect(b.stderr).toContain('--wait-for-lock');
    // DuckDB admits no reader while a build has the file open: say who has it
    expect(keel(['history'], p.dir).stderr).toContain(`is in use by keel build (invocation ${invocationA}`);

    const c = startKeel(['build', '--vars', '{n: 10}', '--wait-for-lock', '120'], p.dir);
    await c.until(`Waiting up to 120s for the lock on target 'dev', held by keel build (invocation ${invocationA}`);
    a.child.kill('SIGINT');
    expect((await a.exited).code).toBe(130);
    const cExit = await c.exited;
    expect(cExit.code).toBe(0);

    const runs = await queryDuckDB(db, 'select invocation_id, status from keel_meta.keel_runs order by started_at');
    expect(runs.map((r) => r.status)).toEqual(['cancelled', 'success']);
    expect(runs[0]!.invocation_id).toBe(invocationA);
    const s = await spans(db);
    const [ra, rc] = [s.get(invocationA)!, s.get(runs[1]!.invocation_id as string)!];
    expect(ra.last).toBeLessThanOrEqual(rc.first);
    expect(existsSync(`${db}.keel.lock`)).toBe(false);
  });

  it('two builds started together both finish, one after the other', async () => {
    const p = project();
    const db = join(p.dir, 'target/t.duckdb');
    const args = ['build', '--vars', '{n: 100000}', '--wait-for-lock', '120'];
    const [x, y] = await Promise.all([startKeel(args, p.dir).exited, startKeel(args, p.dir).exited]);
    expect([x.code, y.code]).toEqual([0, 0]);
    // at most one of them can have found the other holding the lock
    expect([x, y].filter((r) => r.stdout.includes('Waiting up to')).length).toBeLessThanOrEqual(1);
    const s = [...(await spans(db)).values()].sort((m, n) => m.first - n.first);
    expect(s).toHaveLength(2);
    expect(s[0]!.last).toBeLessThanOrEqual(s[1]!.first);
    expect(JSON.parse(readFileSync(join(p.dir, 'target/run_results.json'), 'utf8')).success).toBe(true);
  });
});
