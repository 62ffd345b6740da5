import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { athenaEngine, athenaProjectYml, canonicalRows, startEmulator } from '../emulators/athena/test-support.js';
import { tempProject } from '../helpers/temp-project.js';

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());

async function table(name: string): Promise<string[]> {
  const engine = athenaEngine(emulator.endpoint);
  await engine.open();
  try {
    return canonicalRows((await engine.execute(`SELECT * FROM "analytics"."${name}"`)).rows);
  } finally {
    await engine.close();
  }
}

/**
 * Late-arriving events: days 0..n-1, the last day still filling up (1 row, the others 3), and
 * `k` scales the values. Each incremental model reprocesses the last day it holds and later.
 */
const SOURCE = `{{ config(materialized='table') }}
select cast(d * 10 + r as integer) as id, cast(d as integer) as day, date_add('day', d, timestamp '2025-03-01 00:00:00') as event_at, cast((d * 10 + r) * {{ var('k') }} as bigint) as v
from unnest(sequence(0, {{ var('n') }} - 1)) as days(d)
cross join unnest(sequence(0, 2)) as rows(r)
where r = 0 or d < {{ var('n') }} - 1`;

const since = (column: string) => `{% if is_incremental() %} where ${column} >= (select max(${column}) from {{ this }}){% endif %}`;
const incremental = (config: string, column = 'day') =>
  `{{ config(materialized='incremental', ${config}) }}select id, v, event_at, day from {{ ref('events') }}${since(column)}`;

const MODELS: Record<string, string> = {
  'models/events.sql': SOURCE,
  'models/overwrite_hive.sql': incremental("incremental_strategy='insert_overwrite', table_type='hive', partitioned_by=['day']"),
  'models/overwrite_iceberg.sql': incremental("incremental_strategy='insert_overwrite', partitioning=['day(event_at)']", 'event_at'),
  'models/merged.sql': incremental("incremental_strategy='merge', unique_key='id', incremental_predicates=['target.day >= 0']"),
  'models/replaced.sql': incremental("incremental_strategy='delete+insert', unique_key='id'"),
  'models/appended.sql': `{{ config(materialized='incremental', incremental_strategy='append', table_type='hive', partitioned_by=['day']) }}select id, v, event_at, day from {{ ref('events') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}`,
};
const INCREMENTAL = ['overwrite_hive', 'overwrite_iceberg', 'merged', 'replaced', 'appended'];

describe('incremental models on Athena (emulated)', () => {
  it('insert_overwrite, merge, delete+insert and append give the table a full refresh gives', async () => {
    const p = tempProject({ 'project.yml': athenaProjectYml(emulator.endpoint), ...MODELS });
    const run = (vars: Record<string, number>, fullRefresh = false) => invoke({ projectDir: p.dir, command: 'run', vars, fullRefresh });

    expect((await run({ n: 3, k: 1 })).results.success).toBe(true);
    const second = await run({ n: 6, k: 1 });
    expect(second.results.success).toBe(true);
    expect(Object.fromEntries(second.results.results.map((r) => [r.name, r.message.split(' ')[0]]))).toMatchObject({
      overwrite_hive: 'INSERT_OVERWRITE',
      overwrite_iceberg: 'INSERT_OVERWRITE',
      merged: 'MERGE',
      replaced: 'DELETE+INSERT',
      appended: 'APPEND',
    });
    const merges = [...emulator.athena.executions.values()].filter((e) => /^merge into/i.test(e.sql) && e.state === 'SUCCEEDED').map((e) => e.sql);
    expect(merges.some((q) => q.includes('"analytics"."merged"') && q.includes('(target.day >= 0)'))).toBe(true);
    expect(merges.some((q) => q.includes('"analytics"."overwrite_iceberg"') && q.includes(`date_trunc('day', "target"."event_at") IS NOT DISTINCT FROM`))).toBe(
      true,
    );
    expect(merges.some((q) => q.includes('"analytics"."replaced"') && q.includes('WHEN MATCHED THEN DELETE'))).toBe(true);
    const afterIncremental = Object.fromEntries(await Promise.all(INCREMENTAL.map(async (m) => [m, await table(m)] as const)));

    expect((await run({ n: 6, k: 1 }, true)).results.success).toBe(true);
    for (const m of INCREMENTAL) {
      const refreshed = await table(m);
      expect(refreshed).toHaveLength(3 * 5 + 1);
      expect(afterIncremental[m], m).toEqual(refreshed);
    }
  });

  it('insert_overwrite on Hive repoints only the partitions it rewrites and deletes their old files', async () => {
    const p = tempProject({
      'project.yml': athenaProjectYml(emulator.endpoint),
      'models/events.sql': SOURCE,
      'models/overwrite_hive.sql': MODELS['models/overwrite_hive.sql']!,
    });
    expect((await invoke({ projectDir: p.dir, command: 'run', vars: { n: 4, k: 1 }, fullRefresh: true })).results.success).toBe(true);
    const partitions = () =>
      Object.fromEntries(emulator.lake.glue.getPartitions('analytics', 'overwrite_hive').map((x) => [x.Values[0]!, x.StorageDescriptor!.Location!]));
    const before = partitions();
    expect((await invoke({ projectDir: p.dir, command: 'run', vars: { n: 5, k: 1 } })).results.success).toBe(true);
    const after = partitions();
    expect(Object.keys(after).sort()).toEqual(['0', '1', '2', '3', '4']);
    // days 0-2 were not reprocessed: same files; day 3 (the partial one) and day 4 are new files
    for (const day of ['0', '1', '2']) expect(after[day]).toBe(before[day]);
    expect(after['3']).not.toBe(before['3']);
    const folder = 's3://keel-lake/warehouse/analytics/overwrite_hive/';
    const files = (await emulator.lake.exclusive(() => emulator.lake.data.listObjects(folder))).map((o) => o.uri);
    expect(files.filter((f) => f.startsWith(before['3']!))).toEqual([]);
    expect(files.every((f) => Object.values(after).some((loc) => f.startsWith(loc)))).toBe(true);
    expect(await table('overwrite_hive')).toHaveLength(3 * 4 + 1);
  });
});
