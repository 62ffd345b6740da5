import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import type { CallRecord } from '../emulators/athena/faults.js';
import { athenaProjectYml, startEmulator } from '../emulators/athena/test-support.js';
import { tempProject } from '../helpers/temp-project.js';

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());
afterEach(() => emulator.heal());

const MODEL = 'swapme';

/** Version `v` of the model: six rows labelled with it, in Hive partitions v+0..v+2 (so each rebuild repoints, adds and removes one). */
const modelSql = (config: string) =>
  `{{ config(${config}) }}select id, 'v{{ var("version") }}' as label, cast(id % 3 + {{ var("version") }} as integer) as part from unnest(sequence(1, 6)) as t(id)`;
const expected = (v: number) =>
  Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: String(i + 1), label: `v${v}`, part: String(((i + 1) % 3) + v) })).sort();

const KINDS: Record<string, { config: string; replaceAll: boolean }> = {
  'an Iceberg table': { config: "materialized='table'", replaceAll: true },
  'a partitioned Hive table': { config: "materialized='table', table_type='hive', partitioned_by=['part']", replaceAll: false },
  'a view': { config: "materialized='view'", replaceAll: true },
};

/** The calls that change state on behalf of the model: its queries, its catalog entries, its files. */
const isStep = (c: CallRecord) =>
  c.mutating && (c.service === 's3' || Boolean(c.sql?.includes(`"${MODEL}`)) || Boolean(c.target?.startsWith(`analytics.${MODEL}`)));
/** The swap itself: the catalog call that gives the live name the new definition. */
const isSwap = (c: CallRecord) => c.service === 'glue' && /^(Update|Create)Table$/.test(c.action) && c.target === `analytics.${MODEL}`;

describe('a failure at each step of a swap on Athena (emulated)', () => {
  for (const [kind, { config, replaceAll }] of Object.entries(KINDS)) {
    it(`leaves ${kind} readable, and the next build completes and cleans up`, async () => {
      const p = tempProject({ 'project.yml': athenaProjectYml(emulator.endpoint), [`models/${MODEL}.sql`]: modelSql(config) });
      // a crashed build cannot release its lock: the next one takes it over (as after max age)
      const build = (version: number) => invoke({ projectDir: p.dir, command: 'run', vars: { version }, lock: { maxAgeSeconds: 0 } });
      const read = async () => (await emulator.query(`SELECT id, label, part FROM "analytics"."${MODEL}"`)).map((r) => JSON.stringify(r)).sort();

      expect((await build(1)).results.success).toBe(true);
      const from = emulator.calls.length;
      expect((await build(2)).results.success).toBe(true);
      const steps = emulator.calls.slice(from).filter(isStep);
      const swapAt = steps.findIndex(isSwap);
      expect(swapAt).toBeGreaterThan(0);
      const crashes: Array<[number, 'before' | 'after']> = [...steps.map((_, i) => [i, 'before'] as [number, 'before']), [steps.length - 1, 'after']];

      let live = 2;
      for (const [step, when] of crashes) {
        const next = live + 1;
        let seen = 0;
        emulator.faults = { crashOn: (c) => (isStep(c) && seen++ === step ? when : undefined) };
        const crashed = await build(next);
        const failedAt = `${when} ${steps[step]!.action} (step ${step + 1} of ${steps.length})`;
        if (!(when === 'after' && step === steps.length - 1)) expect(crashed.results.results[0]!.status, failedAt).toBe('error');
        emulator.heal();

        const seenRows = await read();
        const swapped = step > swapAt || (step === swapAt && when === 'after');
        if (!swapped) expect(seenRows, failedAt).toEqual(expected(live));
        else if (replaceAll) expect([expected(live), expected(next)], failedAt).toContainEqual(seenRows);
        else for (const row of seenRows) expect([...expected(live), ...expected(next)], failedAt).toContain(row);

        expect((await build(next)).results.success, failedAt).toBe(true);
        expect(await read(), failedAt).toEqual(expected(next));
        expect(
          emulator.lake.glue
            .listTables('analytics')
            .map((t) => t.Name)
            .filter((n) => n.startsWith(`${MODEL}__`)),
          failedAt,
        ).toEqual([]);
        expect(await unreadFiles(), failedAt).toEqual([]);
        live = next;
      }
    });
  }
});

/** Files in the model's data folder that its live table does not read. */
async function unreadFiles(): Promise<string[]> {
  const table = emulator.lake.glue.getTable('analytics', MODEL)!;
  const partitions = emulator.lake.glue.getPartitions('analytics', MODEL);
  const read = partitions.length
    ? partitions.map((x) => x.StorageDescriptor!.Location!)
    : table.TableType === 'VIRTUAL_VIEW'
      ? []
      : [table.StorageDescriptor!.Location!];
  const files = await emulator.lake.exclusive(() => emulator.lake.data.listObjects(`s3://keel-lake/warehouse/analytics/${MODEL}/`));
  return files.map((f) => f.uri).filter((uri) => !read.some((loc) => uri.startsWith(loc)));
}
