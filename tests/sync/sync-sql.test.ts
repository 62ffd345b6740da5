import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import type { Engine } from '../../src/engines/engine.js';
import type { IdentifierType } from '../../src/project/sync-schema.js';
import { identifierSql } from '../../src/sync/identifiers.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { xxhash64 } from '../emulators/athena/lake/xxhash64.js';
import { athenaEngine, startEmulator } from '../emulators/athena/test-support.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine } from '../emulators/redshift/test-support.js';

/** Values as a person's columns hold them: padding, capitals, tabs and newlines, near misses. */
const INPUTS: Array<[IdentifierType, string]> = [
  ['email', '  Alice@Example.COM '],
  ['email', '\tbob@x.org\n'],
  ['email', '\r\n carol+tag@mail.example.co.uk\t'],
  ['email', 'no-at-sign'],
  ['email', 'two words@x.org'],
  ['email', 'dave@localhost'],
  ['email', '   '],
  ['email_sha256', ` ${'AB'.repeat(32)} `],
  ['email_sha256', 'ab'.repeat(31)],
  ['maid', ' 7D25B675-D928-4538-B94B-07BC745E3B8E '],
  ['maid', '00000000-0000-0000-0000-000000000000'],
  ['maid', 'not-a-uuid'],
];

// what the engines must agree on, computed here
const normalize = (v: string) => v.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '').toLowerCase();
const VALID: Record<IdentifierType, RegExp> = {
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  email_sha256: /^[0-9a-f]{64}$/,
  maid: /^(?!00000000-0000-0000-0000-000000000000$)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};
const expected = INPUTS.map(([type, v]) => {
  const n = normalize(v);
  const valid = VALID[type].test(n);
  return { n, valid, userid: valid ? (type === 'email' ? createHash('sha256').update(n).digest('hex') : n) : null };
});

let redshift: RedshiftEmulator;
let athena: AwsEmulator;
const engines: Record<string, Engine> = {};

beforeAll(async () => {
  [redshift, athena] = await Promise.all([startRedshiftEmulator(), startEmulator()]);
  engines.duckdb = new DuckDBEngine({ path: ':memory:', threads: 1 });
  engines.redshift = emulatedEngine(redshift);
  engines.athena = athenaEngine(athena.endpoint);
  await Promise.all(Object.values(engines).map((e) => e.open()));
});
afterAll(async () => {
  await Promise.all(Object.values(engines).map((e) => e.close()));
  await Promise.all([redshift?.close(), athena?.close()]);
});

/** One row per input: the normalized value, whether it is valid, the value sent and its fingerprint, all computed by the engine. */
async function evaluate(engine: Engine): Promise<Array<{ n: string; valid: boolean; userid: string | null; h: unknown }>> {
  const f = engine.syncSql;
  const db = engine.db as Kysely<any>;
  const rows = INPUTS.map(([type, v], i) => {
    const id = identifierSql(f, type, sql.lit(v));
    return db.selectNoFrom([
      sql.lit(i).as('i'),
      id.normalized.as('n'),
      id.valid(id.normalized).as('valid'),
      sql`case when ${id.valid(id.normalized)} then ${id.userid(id.normalized)} end`.as('userid'),
      // as text: a 64-bit integer does not survive the Data API's JSON numbers
      f.asText(f.fingerprint(id.normalized)).as('h'),
    ]);
  });
  const all = rows.slice(1).reduce((q, r) => q.unionAll(r), rows[0]!);
  const result = (await all.execute()) as Array<{ i: number; n: string; valid: boolean; userid: string | null; h: unknown }>;
  return result.sort((a, b) => Number(a.i) - Number(b.i)).map(({ n, valid, userid, h }) => ({ n, valid, userid, h }));
}

describe("each engine's sync SQL", () => {
  it.each(['duckdb', 'redshift', 'athena'])('%s normalizes, validates and hashes identifiers as keel specifies', async (name) => {
    const rows = await evaluate(engines[name]!);
    expect(rows.map(({ n, valid, userid }) => ({ n, valid, userid }))).toEqual(expected);
    // a fingerprint tells apart what differs and matches what is equal
    const prints = rows.map((r) => String(r.h));
    expect(new Set(prints).size).toBe(new Set(rows.map((r) => r.n)).size);
  });

  it('fingerprints as each engine documents it: 60 bits of the MD5 on Redshift, XXH64 on Athena', async () => {
    const [onRedshift, onAthena] = await Promise.all([evaluate(engines.redshift!), evaluate(engines.athena!)]);
    expect(onRedshift.map((r) => String(r.h))).toEqual(expected.map((e) => BigInt(`0x${createHash('md5').update(e.n).digest('hex').slice(0, 15)}`).toString()));
    expect(onAthena.map((r) => String(r.h))).toEqual(expected.map((e) => BigInt.asIntN(64, xxhash64(Buffer.from(e.n, 'utf8'))).toString()));
  });
});
