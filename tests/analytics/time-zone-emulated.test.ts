import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { athenaProjectYml, startEmulator } from '../emulators/athena/test-support.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine, redshiftTargetYaml, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';
import { tempProject } from '../helpers/temp-project.js';

/**
 * keel's times are UTC on Athena and Redshift too. The same instants reach each kind once with a
 * +05:30 offset and once as UTC; the zoned ones cross UTC midnight at 05:30 local time. A journey
 * split at midnight must cut where the UTC one does, a segment's `within` window (as of a UTC time)
 * hold the same people, a funnel give the same step times and daily periods. (Trino's CAST keeps a
 * value's own zone's wall time; Redshift's follows the user's timezone setting, here Asia/Kolkata.)
 */
const CALLS: Array<[id: string, user: string, event: string, utc: string]> = [
  ['e01', 'U1', 'a', '2025-01-10 23:40:00.000'],
  ['e02', 'U1', 'b', '2025-01-10 23:55:00.000'],
  ['e03', 'U1', 'c', '2025-01-11 00:05:00.250'],
  ['e04', 'U2', 'x', '2025-01-11 01:00:00.000'],
  ['e05', 'U2', 'y', '2025-01-11 01:20:00.000'],
];
/** the instant written with a +05:30 offset: 23:40 UTC is 05:10 the next day */
function kolkata(utc: string): string {
  const d = new Date(`${utc.replace(' ', 'T')}Z`);
  const local = new Date(d.getTime() + 330 * 60_000).toISOString().replace('Z', '');
  return `${local}+05:30`;
}
const journeyModel = (time: (utc: string) => string) =>
  `{{ config(materialized='journey', journey={'split_at_midnight': true}) }}
select id, anonymous_id, user_id, event, "timestamp" from (
${callRows(time)}
) as calls
`;
const callRows = (time: (utc: string) => string) =>
  CALLS.map(
    ([id, user, event, utc]) => `  select '${id}' as id, 'A${user}' as anonymous_id, '${user}' as user_id, '${event}' as event, ${time(utc)} as "timestamp"`,
  ).join('\n  union all\n');
// U1's last call, 00:05:00.250 UTC, is within the hour up to 01:00 UTC; U2's last, 01:20, is after it
const segmentModel = (time: (utc: string) => string) =>
  `{{ config(materialized='segment', segment={'rules': [{'column': 'last_seen_at', 'within': '1 hour'}], 'as_of': '2025-01-11 01:00'}) }}
select user_id as person_key, max("timestamp") as last_seen_at from (
${callRows(time)}
) as calls
group by 1
`;
// U1 opens at 23:40 UTC on the 10th and finishes 25 minutes later, on the 11th
const funnelModel = (time: (utc: string) => string) =>
  `{{ config(materialized='funnel', funnel={'steps': [{'name': 'opened', 'where': "event = 'a'"}, {'name': 'finished', 'where': "event = 'c'"}], 'window': '1 hour', 'person': 'user_id'}) }}
select * from (
${callRows(time)}
) as calls
`;
const EXPECTED = [
  ['U1', '2025-01-10 23:40:00.000', '2025-01-10 23:55:00.000', 'a,b'],
  ['U1', '2025-01-11 00:05:00.250', '2025-01-11 00:05:00.250', 'c'],
  ['U2', '2025-01-11 01:00:00.000', '2025-01-11 01:20:00.000', 'x,y'],
];

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

async function buildAndCompare(projectYml: string, models: Record<string, string>, query: Query, listPath: string) {
  const p = tempProject({ 'project.yml': projectYml, ...Object.fromEntries(Object.entries(models).map(([k, v]) => [`models/${k}.sql`, v])) });
  const { results } = await invoke({ projectDir: p.dir, command: 'build', lock: { maxAgeSeconds: 0 } });
  for (const r of results.results) expect(r.status, `${r.name}: ${r.message}`).toBe('success');
  const sessions = async (table: string) =>
    (await query(`select person_key, session_start, session_end, ${listPath} as path from "analytics"."${table}" order by person_key, session_start`)).map(
      (r) => [String(r.person_key), timeText(r.session_start), timeText(r.session_end), String(r.path)],
    );
  expect(await sessions('journey_utc')).toEqual(EXPECTED);
  expect(await sessions('journey_zoned')).toEqual(EXPECTED);
  const members = async (table: string) => (await query(`select person_key from "analytics"."${table}" order by 1`)).map((r) => String(r.person_key));
  expect(await members('active_utc')).toEqual(['U1']);
  expect(await members('active_zoned')).toEqual(['U1']);
  const funnel = async (table: string) => [
    ...(await query(`select user_id, opened_at, finished_at from "analytics"."${table}" order by 1`)).map((r) => [
      String(r.user_id),
      timeText(r.opened_at),
      timeText(r.finished_at),
    ]),
    ...(await query(`select period, step_number, persons from "analytics"."${table}__steps" order by 2`)).map((r) => [
      dateText(r.period),
      Number(r.step_number),
      Number(r.persons),
    ]),
  ];
  const expectedFunnel = [
    ['U1', '2025-01-10 23:40:00.000', '2025-01-11 00:05:00.250'],
    ['2025-01-10', 1, 1],
    ['2025-01-10', 2, 1],
  ];
  expect(await funnel('funnel_utc')).toEqual(expectedFunnel);
  expect(await funnel('funnel_zoned')).toEqual(expectedFunnel);
}

function dateText(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

/** Both engines' result values as `YYYY-MM-DD HH:MM:SS.mmm` */
function timeText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  const s = String(v);
  return /\.\d{3}$/.test(s) ? s : `${s}.000`.replace(/(\.\d{3})\d*\.000$/, '$1');
}

describe('journeys and segments over zoned times on Athena (emulated)', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => emulator?.close());

  it('splits at UTC midnight, keeps segment windows and funnel times and periods for +05:30 times as for the same instants in UTC', async () => {
    await buildAndCompare(
      athenaProjectYml(emulator.endpoint),
      {
        journey_utc: journeyModel((utc) => `CAST('${utc}' AS TIMESTAMP(3))`),
        active_utc: segmentModel((utc) => `CAST('${utc}' AS TIMESTAMP(3))`),
        funnel_utc: funnelModel((utc) => `CAST('${utc}' AS TIMESTAMP(3))`),
        funnel_zoned: funnelModel((utc) => `from_iso8601_timestamp('${kolkata(utc)}')`),
        active_zoned: segmentModel((utc) => `from_iso8601_timestamp('${kolkata(utc)}')`),
        journey_zoned: journeyModel((utc) => `from_iso8601_timestamp('${kolkata(utc)}')`),
      },
      (sql) => emulator.query(sql),
      "array_join(path, ',')",
    );
  });
});

describe("journeys and segments over zoned times on Redshift (emulated), the user's timezone set to Asia/Kolkata", () => {
  let emulator: RedshiftEmulator;
  beforeAll(async () => {
    useFakeAwsEnvironment();
    emulator = await startRedshiftEmulator({ timezone: 'Asia/Kolkata' });
  });
  afterAll(async () => emulator?.close());

  it('splits at UTC midnight, keeps segment windows and funnel times and periods for TIMESTAMPTZ times as for the same instants as UTC TIMESTAMPs', async () => {
    const yml = `name: t\ntarget: rs\ntargets:\n  rs:\n${redshiftTargetYaml(emulator, 'analytics')}\n`;
    const engine = emulatedEngine(emulator, { schema: 'analytics' });
    await engine.open();
    try {
      await buildAndCompare(
        yml,
        {
          journey_utc: journeyModel((utc) => `CAST('${utc}' AS TIMESTAMP)`),
          active_utc: segmentModel((utc) => `CAST('${utc}' AS TIMESTAMP)`),
          funnel_utc: funnelModel((utc) => `CAST('${utc}' AS TIMESTAMP)`),
          funnel_zoned: funnelModel((utc) => `CAST('${kolkata(utc)}' AS TIMESTAMPTZ)`),
          active_zoned: segmentModel((utc) => `CAST('${kolkata(utc)}' AS TIMESTAMPTZ)`),
          journey_zoned: journeyModel((utc) => `CAST('${kolkata(utc)}' AS TIMESTAMPTZ)`),
        },
        async (sql) => (await engine.execute(sql)).rows,
        "replace(path, ' > ', ',')",
      );
    } finally {
      await engine.close();
    }
  });
});
