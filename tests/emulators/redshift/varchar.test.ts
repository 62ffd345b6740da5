import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedshiftEngine } from '../../../src/engines/redshift/index.js';
import { startRedshiftEmulator, type RedshiftEmulator } from './index.js';
import { rewriteStatement } from './sql/statement.js';
import { emulatedEngine } from './test-support.js';

let emulator: RedshiftEmulator;
let engine: RedshiftEngine;
beforeAll(async () => {
  emulator = await startRedshiftEmulator();
  engine = emulatedEngine(emulator);
  await engine.open();
  await engine.execute('create schema if not exists vc');
});
afterAll(async () => {
  await engine.close();
  await emulator.close();
});

/** 100 Devanagari letters: 100 characters, 300 bytes in UTF-8 */
const DEVANAGARI = 'देवनागरी'.repeat(13).slice(0, 100);
const LONG_PATH = `/products/${'a'.repeat(290)}`;
const one = async (sql: string) => (await engine.execute(sql)).rows[0]!;

describe("the Redshift emulator's character types, as Redshift's", () => {
  it('VARCHAR and TEXT without a length are VARCHAR(256); a cast cuts to 256 bytes at a character boundary', async () => {
    expect(Buffer.byteLength(DEVANAGARI)).toBe(300);
    const r = await one(
      `select cast('${LONG_PATH}' as varchar) as a, '${DEVANAGARI}'::varchar as b, cast('${DEVANAGARI}' as text) as c, cast('${LONG_PATH}' as varchar(max)) as d, cast('${DEVANAGARI}' as varchar(10)) as e`,
    );
    expect(r.a).toBe(LONG_PATH.slice(0, 256));
    // 85 letters are 255 bytes: the 86th would not fit whole
    expect(r.b).toBe(DEVANAGARI.slice(0, 85));
    expect(r.c).toBe(DEVANAGARI.slice(0, 85));
    expect(r.d).toBe(LONG_PATH);
    expect(r.e).toBe(DEVANAGARI.slice(0, 3));
  });

  it('an insert longer than the column in bytes is refused; VARCHAR(MAX) holds 65535 bytes', async () => {
    await engine.execute('create table vc.t (short varchar(256), plain varchar, whole varchar(max), body text)');
    await expect(engine.execute(`insert into vc.t (short) values ('${DEVANAGARI}')`)).rejects.toThrow('value too long for type character varying(256)');
    await expect(engine.execute(`insert into vc.t (plain) values ('${LONG_PATH}')`)).rejects.toThrow('value too long for type character varying(256)');
    await expect(engine.execute(`insert into vc.t (body) values ('${LONG_PATH}')`)).rejects.toThrow('value too long for type character varying(256)');
    await engine.execute(`insert into vc.t (short, whole) values ('${DEVANAGARI.slice(0, 85)}', '${LONG_PATH}${DEVANAGARI}')`);
    expect(await one('select short, whole from vc.t')).toEqual({ short: DEVANAGARI.slice(0, 85), whole: `${LONG_PATH}${DEVANAGARI}` });
    await expect(engine.execute(`insert into vc.t (whole) values ('${'x'.repeat(65536)}')`)).rejects.toThrow(
      'value too long for type character varying(65535)',
    );
  });

  it('a table created from a cast keeps its length, and SVV_COLUMNS reports it', async () => {
    await engine.execute(`create table vc.ctas as select cast('x' as varchar) as v, cast('y' as varchar(20)) as w, cast('z' as varchar(max)) as m`);
    await expect(engine.execute(`insert into vc.ctas (v) values ('${LONG_PATH}')`)).rejects.toThrow('character varying(256)');
    expect(await engine.getColumns({ schema: 'vc', identifier: 'ctas' })).toEqual([
      { name: 'v', type: 'VARCHAR(256)' },
      { name: 'w', type: 'VARCHAR(20)' },
      { name: 'm', type: 'VARCHAR(65535)' },
    ]);
    await expect(engine.execute("select cast('a' as varchar(65536))")).rejects.toThrow('cannot exceed 65535');
  });

  it('leaves names alone: a column called text, a qualified varchar', () => {
    expect(rewriteStatement('select text, t.text from t where text = 1').sql).toBe('select text, t.text from t where text = 1');
    expect(rewriteStatement('select (a || b)::varchar(5)::text from t').sql).toBe(
      'select keel_emulator.cut_bytes((keel_emulator.cut_bytes(((a || b))::text, 5)::keel_emulator.varchar_5)::text, 256)::keel_emulator.varchar_256 from t',
    );
  });
});
