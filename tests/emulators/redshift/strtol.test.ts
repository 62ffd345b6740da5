import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedshiftEngine } from '../../../src/engines/redshift/index.js';
import { startRedshiftEmulator, type RedshiftEmulator } from './index.js';
import { emulatedEngine } from './test-support.js';

let emulator: RedshiftEmulator;
let engine: RedshiftEngine;
beforeAll(async () => {
  emulator = await startRedshiftEmulator();
  engine = emulatedEngine(emulator);
  await engine.open();
});
afterAll(async () => {
  await engine?.close();
  await emulator?.close();
});

const strtol = async (text: string | null, base: number) =>
  (await engine.execute(`select cast(strtol(${text === null ? 'null' : `'${text}'`}, ${base}) as varchar(30)) as v`)).rows[0]!.v;

describe('the Redshift emulator STRTOL', () => {
  it("gives the AWS documentation's examples", async () => {
    expect(await strtol('0xf', 16)).toBe('15');
    expect(await strtol('abcd1234', 16)).toBe('2882343476');
    expect(await strtol('1234567', 10)).toBe('1234567');
    expect(await strtol('1234567', 8)).toBe('342391');
    expect(await strtol('110101', 2)).toBe('53');
  });

  it('reads as C strtol does: white space and a sign first, digits up to the first that is not one; empty is 0, NULL is NULL', async () => {
    expect(await strtol('  -7fZ', 16)).toBe('-127');
    expect(await strtol('', 10)).toBe('0');
    expect(await strtol(null, 10)).toBeNull();
    expect(await strtol('7fffffffffffffff', 16)).toBe('9223372036854775807');
  });

  it('refuses a value outside the signed 64-bit range and a base outside 2..36', async () => {
    await expect(strtol('8000000000000000', 16)).rejects.toThrow(/64-bit range/);
    await expect(strtol('1', 37)).rejects.toThrow(/between 2 and 36/);
  });
});
