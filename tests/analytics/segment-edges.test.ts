import { afterEach, describe, expect, it } from 'vitest';
import type { KeelError } from '../../src/core/errors.js';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { buildSegment } from '../../src/materialize/segment/index.js';
import { buildModel, rowsOf } from './journey-harness.js';

const relation = { schema: 'main', identifier: 'audience' };
const config = (asOf: string | null, extra: Record<string, unknown> = {}) => ({
  materialized: 'segment',
  segment: { rules: [{ column: 'score', op: '>', value: 0 }], identifiers: ['email_sha256'], consent: 'opt_in', as_of: asOf, ...extra },
});
const people = (rows: Array<[string, number, boolean]>) =>
  rows.map(([pk, score, optIn]) => `select '${pk}' as person_key, ${score} as score, 'h_${pk}' as email_sha256, ${optIn} as opt_in`).join(' union all ');
const history = (e: DuckDBEngine) =>
  rowsOf(
    e,
    "select person_key, strftime(entered_at, '%d') as entered, strftime(exited_at, '%d') as exited, exit_reason from main.audience_history order by 1, 2",
  );

let engine: DuckDBEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function open() {
  engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
  await engine.open();
  return engine;
}

describe('segment history and failure safety', () => {
  it('keeps the membership history across rebuilds, failed builds and --full-refresh', async () => {
    const e = await open();
    await buildModel(e, buildSegment, {
      relation,
      sql: people([
        ['p1', 1, true],
        ['p2', 1, true],
        ['p3', 0, true],
      ]),
      config: config('2025-03-01'),
    });
    const second = await buildModel(e, buildSegment, {
      relation,
      sql: people([
        ['p1', 0, true],
        ['p2', 1, false],
        ['p3', 1, true],
      ]),
      config: config('2025-03-02'),
    });
    expect(second.result.message).toBe('MEMBERS 1 (+1 -2) as of 2025-03-02 00:00:00.000');
    expect(await rowsOf(e, 'select change, person_key, email_sha256, reason from main.audience_changes order by 1, 2')).toEqual([
      { change: 'added', person_key: 'p3', email_sha256: 'h_p3', reason: null },
      { change: 'removed', person_key: 'p1', email_sha256: 'h_p1', reason: 'rule' },
      { change: 'removed', person_key: 'p2', email_sha256: 'h_p2', reason: 'consent_withdrawn' },
    ]);
    const expected = [
      { person_key: 'p1', entered: '01', exited: '02', exit_reason: 'rule' },
      { person_key: 'p2', entered: '01', exited: '02', exit_reason: 'consent_withdrawn' },
      { person_key: 'p3', entered: '02', exited: null, exit_reason: null },
    ];
    expect(await history(e)).toEqual(expected);

    await expect(buildModel(e, buildSegment, { relation, sql: 'select no_such_column', config: config('2025-03-03') })).rejects.toThrow(/no_such_column/);
    const duplicated = people([
      ['p1', 1, true],
      ['p1', 2, true],
    ]);
    await expect(buildModel(e, buildSegment, { relation, sql: duplicated, config: config('2025-03-03') })).rejects.toThrow(/1 rows repeat a person key/);
    expect(await history(e)).toEqual(expected);
    expect(await rowsOf(e, 'select person_key from main.audience')).toEqual([{ person_key: 'p3' }]);

    await buildModel(e, buildSegment, { relation, sql: people([['p3', 1, true]]), config: config('2025-03-04'), fullRefresh: true });
    expect(await history(e)).toEqual(expected);
    expect(await rowsOf(e, "select strftime(entered_at, '%d') as entered from main.audience")).toEqual([{ entered: '02' }]);
    const leftovers = await rowsOf(e, "select table_name from information_schema.tables where table_name like '%keel%'");
    expect(leftovers).toEqual([]);
  });

  it('refuses an as_of earlier than the history; defaults as_of to the build time', async () => {
    const e = await open();
    const before = Date.now();
    await buildModel(e, buildSegment, { relation, sql: people([['p1', 1, true]]), config: config(null) });
    const [row] = await rowsOf(e, 'select as_of, entered_at from main.audience');
    expect((row!.as_of as Date).getTime()).toBeGreaterThanOrEqual(before - 1);
    expect((row!.as_of as Date).getTime()).toBeLessThanOrEqual(Date.now());
    const error = await buildModel(e, buildSegment, { relation, sql: people([['p1', 1, true]]), config: config('2025-01-01') }).catch((x: KeelError) => x);
    expect((error as KeelError).format()).toMatch(/^models\/audience\.sql: as_of 2025-01-01 00:00:00.000 is earlier than memberships already recorded/);
  });

  it('names the model file and the key in config errors', async () => {
    const e = await open();
    const bad = async (segment: Record<string, unknown>) =>
      (
        (await buildModel(e, buildSegment, { relation, sql: 'select 1', config: { materialized: 'segment', segment } }).catch((x: KeelError) => x)) as KeelError
      ).format();
    expect(await bad({ rules: [{ column: 'x', within: 'a week' }] })).toMatch(
      /^models\/audience\.sql: segment config 'segment\.rules': not a rule: use \{column, within\}/,
    );
    // what ref() prints inside a config string: the compiler only resolves it in the model's SQL
    expect(await bad({ rules: { sql: 'person_key in (select user_id from \u0002r:0\u0003)' } })).toMatch(/ref\(\) and source\(\) cannot be used in a rule/);
    expect(await bad({ rules: [{ column: 'x', op: '>', value: 1 }], as_of: 'yesterday' })).toMatch(
      /segment config 'segment\.as_of': 'yesterday' is not a date/,
    );
    expect(await bad({ rules: [{ column: 'x', op: '>', value: 1 }], colour: 'red' })).toMatch(/unknown key 'colour'/);
  });
});
