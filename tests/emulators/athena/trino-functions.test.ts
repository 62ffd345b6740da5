import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AthenaEngine } from '../../../src/engines/athena/index.js';
import type { AwsEmulator } from './aws-emulator.js';
import { athenaEngine, startEmulator } from './test-support.js';

let emulator: AwsEmulator;
let engine: AthenaEngine;
beforeAll(async () => {
  emulator = await startEmulator();
  engine = athenaEngine(emulator.endpoint);
  await engine.open();
});
afterAll(async () => {
  await engine?.close();
  await emulator?.close();
});

const one = async (expr: string) => (await engine.execute(`SELECT ${expr} AS v`)).rows[0]!.v;

describe('Trino functions the Athena emulator adds', () => {
  it('xxhash64 gives the reference XXH64 (seed 0) as 8 big-endian bytes, on varbinary only', async () => {
    expect(await one("to_hex(xxhash64(to_utf8('')))")).toBe('EF46DB3751D8E999');
    expect(await one("to_hex(xxhash64(to_utf8('abc')))")).toBe('44BC2CF5AD770999');
    // more than 32 bytes: the four-lane path
    expect(await one("to_hex(xxhash64(to_utf8('Nobody inspects the spammish repetition')))")).toBe('FBCEA83C8A378BF1');
    await expect(one("xxhash64('abc')")).rejects.toThrow(/Unexpected parameters \(varchar\) for function xxhash64/);
  });

  it("from_big_endian_64 reads 8 bytes as a two's complement bigint and refuses any other length", async () => {
    expect(await one("from_big_endian_64(from_hex('0000000000000001'))")).toBe(1);
    expect(await one("from_big_endian_64(from_hex('FFFFFFFFFFFFFFFF'))")).toBe(-1);
    expect(await one("CAST(from_big_endian_64(from_hex('8000000000000000')) AS VARCHAR)")).toBe('-9223372036854775808');
    await expect(one("from_big_endian_64(from_hex('01'))")).rejects.toThrow(/expected 8-byte input/);
  });

  it('regexp_replace replaces every match and reads $1 as a group', async () => {
    expect(await one("regexp_replace('  a  b  ', '^ +| +$', '')")).toBe('a  b');
    expect(await one("regexp_replace('a-b-c', '-')")).toBe('abc');
    expect(await one("regexp_replace('abc', '(b)', '[$1]')")).toBe('a[b]c');
  });

  it("keeps a zoned value's own zone: CAST to TIMESTAMP gives its wall time, at_timezone moves the zone and keeps the instant", async () => {
    const zoned = "from_iso8601_timestamp('2025-01-10T05:10:00.250+05:30')";
    expect(await one(`CAST(CAST(${zoned} AS TIMESTAMP(3)) AS VARCHAR)`)).toBe('2025-01-10 05:10:00.25');
    expect(await one(`CAST(CAST(at_timezone(${zoned}, 'UTC') AS TIMESTAMP(3)) AS VARCHAR)`)).toBe('2025-01-09 23:40:00.25');
    expect(await one(`CAST(CAST(at_timezone(${zoned}, '-02:00') AS TIMESTAMP) AS VARCHAR)`)).toBe('2025-01-09 21:40:00.25');
    expect(await one("CAST(CAST(from_iso8601_timestamp('2025-01-10T05:10:00Z') AS TIMESTAMP) AS VARCHAR)")).toBe('2025-01-10 05:10:00');
    // a TIMESTAMP is zoned in the session zone (UTC) and comes back unchanged
    expect(await one("CAST(CAST(at_timezone(CAST(TIMESTAMP '2025-01-10 05:10:00' AS TIMESTAMP(3) WITH TIME ZONE), 'UTC') AS TIMESTAMP(3)) AS VARCHAR)")).toBe(
      '2025-01-10 05:10:00',
    );
    expect(await one('CAST(NULL AS TIMESTAMP)')).toBeNull();
    expect(await one("CAST(CAST('2025-01-10 05:10:00' AS TIMESTAMP) AS VARCHAR)")).toBe('2025-01-10 05:10:00');
    await expect(one(`at_timezone(${zoned}, 'Asia/Kolkata')`)).rejects.toThrow(/knows the zones UTC and/);
  });
});
