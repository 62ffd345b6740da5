import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import type { CallRecord } from '../emulators/athena/faults.js';
import { athenaProjectYml, startEmulator } from '../emulators/athena/test-support.js';
import { tempProject } from '../helpers/temp-project.js';

/*
 * Journey and segment models write several tables. Athena has no transactions: each output is
 * swapped on its own, so a crash at any step of the swaps must leave every output readable, each
 * with its previous rows or (once swapped) its new ones, and the next build must complete.
 */

let emulator: AwsEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());
afterEach(() => emulator.heal());

type Rows = Array<Record<string, unknown>>;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** Version v: events 1..3v, two hours apart (one session each), anonymous ids stitched to one of two users. */
const JOURNEY_SQL = `{{ config(materialized='journey', journey={'session_gap': '30 minutes'}) }}
select cast(n as varchar) as id, 'a' || cast(n as varchar) as anonymous_id, 'u' || cast(n % 2 as varchar) as user_id, 'step' as event,
       date_add('hour', 2 * n, timestamp '2025-01-01 00:00:00') as "timestamp"
from unnest(sequence(1, 3 * {{ var("version") }})) as t(n)`;

/** Version v: persons p1..p8, members those with (n + v) % 4 >= 2, so every version adds and removes some; as_of moves with v. */
const SEGMENT_SQL = `{{ config(materialized='segment', segment={'rules': [{'column': 'score', 'op': '>=', 'value': 2}], 'as_of': '2025-01-01 10:' ~ var('version')}) }}
select 'p' || cast(n as varchar) as person_key, (n + {{ var("version") }}) % 4 as score from unnest(sequence(1, 8)) as t(n)`;
const membersAt = (v: number) =>
  new Set(
    range(8)
      .filter((n) => (n + v) % 4 >= 2)
      .map((n) => `p${n}`),
  );

interface Kind {
  sql: string;
  outputs: string[];
  /** the rows of `output` as version v built them, after version `prev` was live */
  check(output: string, rows: Rows, v: number, prev: number, prevRows: Rows): void;
}

const KINDS: Record<string, Kind> = {
  journey: {
    sql: JOURNEY_SQL,
    outputs: ['journey', 'journey_id_graph'],
    check(output, rows, v) {
      if (output === 'journey') expect(rows.length).toBe(3 * v);
      else expect(sorted(rows.map((r) => String(r.id)))).toEqual(sorted([...range(3 * v).map((n) => `a${n}`), 'u0', 'u1']));
    },
  },
  segment: {
    sql: SEGMENT_SQL,
    outputs: ['segment', 'segment_changes', 'segment_history'],
    check(output, rows, v, prev, prevRows) {
      const [now, before] = [membersAt(v), membersAt(prev)];
      const added = sorted([...now].filter((k) => !before.has(k)));
      const keys = (rs: Rows) => sorted(rs.map((r) => String(r.person_key)));
      if (output === 'segment') expect(keys(rows)).toEqual(sorted(now));
      else if (output === 'segment_changes') {
        expect(keys(rows.filter((r) => r.change === 'added'))).toEqual(added);
        expect(keys(rows.filter((r) => r.change === 'removed'))).toEqual(sorted([...before].filter((k) => !now.has(k))));
      } else {
        // nothing lost, nothing recorded twice: the previous history plus this build's memberships
        expect(keys(rows.filter((r) => r.exited_at === null || r.exited_at === undefined))).toEqual(sorted(now));
        expect(rows.length).toBe(prevRows.length + added.length);
      }
    },
  },
};

describe('a failure at each step of the swaps of a multi-output model on Athena (emulated)', () => {
  for (const [model, kind] of Object.entries(KINDS)) {
    it(`leaves every output of a ${model} readable, and the next build completes and cleans up`, async () => {
      const p = tempProject({ 'project.yml': athenaProjectYml(emulator.endpoint), [`models/${model}.sql`]: kind.sql });
      const build = (version: number) => invoke({ projectDir: p.dir, command: 'run', vars: { version }, lock: { maxAgeSeconds: 0 } });
      const read = (output: string) => emulator.query(`SELECT * FROM "analytics"."${output}"`);
      const snapshot = async () => Object.fromEntries(await Promise.all(kind.outputs.map(async (o) => [o, sortedRows(await read(o))] as const)));
      const isStep = (c: CallRecord) =>
        c.mutating && (c.service === 's3' || Boolean(c.sql?.includes(`"${model}`)) || Boolean(c.target?.startsWith(`analytics.${model}`)));
      const swapOf = (c: CallRecord, o: string) => c.service === 'glue' && /^(Update|Create)Table$/.test(c.action) && c.target === `analytics.${o}`;

      expect((await build(10)).results.success).toBe(true);
      expect((await build(11)).results.success).toBe(true);
      let from = emulator.calls.length;
      expect((await build(12)).results.success).toBe(true);
      const steps = emulator.calls.slice(from).filter(isStep);
      // the swap phase: from the step before the first output's swap to the removal of the last side table
      const first = steps.findIndex((c) => kind.outputs.some((o) => swapOf(c, o)));
      const lastTmp = steps.findLastIndex(
        (c) => c.service === 'glue' && c.action === 'DeleteTable' && kind.outputs.some((o) => c.target === `analytics.${o}__keel_tmp`),
      );
      expect(first).toBeGreaterThan(0);
      expect(kind.outputs.every((o) => steps.some((c) => swapOf(c, o)))).toBe(true);
      const crashes: Array<[number, 'before' | 'after']> = [];
      for (let i = first - 1; i <= Math.min(lastTmp + 1, steps.length - 1); i++) crashes.push([i, 'before']);
      crashes.push([lastTmp, 'after']);

      let live = 12;
      let liveRows = await snapshot();
      for (const [step, when] of crashes) {
        const next = live + 1;
        const failedAt = `${when} ${steps[step]!.action} ${steps[step]!.target ?? ''} (step ${step + 1} of ${steps.length})`;
        let seen = 0;
        from = emulator.calls.length;
        emulator.faults = { crashOn: (c) => (isStep(c) && seen++ === step ? when : undefined) };
        await build(next);
        emulator.heal();
        const crashed = emulator.calls.slice(from);

        const now = await snapshot();
        const swapped = kind.outputs.filter((o) => crashed.some((c) => swapOf(c, o) && c.outcome === 'ok'));
        for (const o of kind.outputs) {
          if (swapped.includes(o)) kind.check(o, now[o]!, next, live, liveRows[o]!);
          else expect(now[o], `${o}: ${failedAt}`).toEqual(liveRows[o]);
        }
        // every output swapped: the crashed build is complete, and the next one rebuilds the same version on top of it
        const [prev, prevRows] = swapped.length === kind.outputs.length ? [next, now] : [live, liveRows];

        expect((await build(next)).results.success, failedAt).toBe(true);
        const built = await snapshot();
        for (const o of kind.outputs) kind.check(o, built[o]!, next, prev, prevRows[o]!);
        const names = emulator.lake.glue.listTables('analytics').map((t) => t.Name ?? '');
        expect(
          names.filter((n) => n.startsWith(model) && n.includes('__keel_')),
          failedAt,
        ).toEqual([]);
        live = next;
        liveRows = built;
      }
    });
  }
});

function sortedRows(rows: Rows): Rows {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
