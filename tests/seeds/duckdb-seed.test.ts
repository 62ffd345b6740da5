import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ROWS } from '../../src/materialize/seed/load-seed.js';
import { invoke } from '../../src/runner/invoke.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

const db = (dir: string) => join(dir, 'target/t.duckdb');

/** Builds one seed `s` from `csv` (string or bytes) and returns its result. */
async function buildSeed(csv: string | Buffer, yml?: string) {
  const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, ...(yml ? { 'seeds/s.yml': yml } : {}) });
  mkdirSync(join(p.dir, 'seeds'), { recursive: true });
  writeFileSync(join(p.dir, 'seeds/s.csv'), csv);
  const { results } = await invoke({ projectDir: p.dir, command: 'seed' });
  return { p, results, seed: results.results.find((r) => r.name === 's')! };
}

describe('seeds through DuckDB read_csv', () => {
  it('loads typed columns with keel semantics: "" is an empty string, an empty field is NULL, quotes and newlines kept', async () => {
    const { p, seed } = await buildSeed(
      '\ufeffid,name,ok,day,at\n1,"a, ""b""\nc",true,2025-01-02,2025-01-02 03:04:05\n2,"",FALSE,,\n\n3,,true,2025-01-03,2025-01-03T00:00:00\n',
    );
    expect(seed.status).toBe('success');
    expect(seed.rowsAffected).toBe(3);
    const rows = await queryDuckDB(
      db(p.dir),
      'select id, name, name is null as null_name, ok, cast("day" as varchar) as "day", cast("at" as varchar) as "at" from main.s order by id',
    );
    expect(rows).toEqual([
      { id: 1, name: 'a, "b"\nc', null_name: false, ok: true, day: '2025-01-02', at: '2025-01-02 03:04:05' },
      { id: 2, name: '', null_name: false, ok: false, day: null, at: null },
      { id: 3, name: null, null_name: true, ok: true, day: '2025-01-03', at: '2025-01-03 00:00:00' },
    ]);
    const types = await queryDuckDB(db(p.dir), "select data_type from information_schema.columns where table_name = 's' order by ordinal_position");
    expect(types.map((t) => t.data_type)).toEqual(['INTEGER', 'VARCHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP']);
  });

  it('honours column_types and a delimiter', async () => {
    const { p, seed } = await buildSeed(
      'id;price\n1;2.50\n2;3\n',
      "seeds:\n  - name: s\n    config:\n      delimiter: ';'\n      column_types: {id: varchar, price: 'DECIMAL(6,2)'}\n",
    );
    expect(seed.status).toBe('success');
    expect(await queryDuckDB(db(p.dir), 'select id, price::varchar as price from main.s order by id')).toEqual([
      { id: '1', price: '2.50' },
      { id: '2', price: '3.00' },
    ]);
  });

  it('refuses column_types naming a column the CSV lacks, with did-you-mean', async () => {
    const { seed } = await buildSeed('id,price\n1,2\n', 'seeds:\n  - name: s\n    config:\n      column_types: {prize: double}\n');
    expect(seed.status).toBe('error');
    expect(seed.message).toContain('seeds/s.csv:1:');
    expect(seed.message).toContain("column_types names column 'prize'");
    expect(seed.message).toContain("Did you mean 'price'?");
  });

  it.each([
    ['a ragged row', 'a,b\n1,x\n2\n3,z\n', 'seeds/s.csv:3: row has 1 fields, the header has 2'],
    ['an extra field', 'a,b\n1,x\n2,y,z\n', 'seeds/s.csv:3: row has 3 fields, the header has 2'],
    ['an unclosed quote', 'a,b\n1,x\n2,"y\n3,z\n', 'seeds/s.csv:3: unclosed quote'],
    ['no header', '', 'seeds/s.csv:1: a seed needs a header row'],
  ])('names file and line for %s within the sample', async (_, csv, expected) => {
    const { seed } = await buildSeed(csv);
    expect(seed.status).toBe('error');
    expect(seed.message).toContain(expected);
  });

  it('refuses bytes that are not UTF-8, naming the line and byte', async () => {
    const csv = Buffer.concat([Buffer.from('a,b\n1,x\n2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const { seed } = await buildSeed(csv);
    expect(seed.status).toBe('error');
    expect(seed.message).toContain('seeds/s.csv:3: not UTF-8: byte 10');
  });

  it('a column_types type a value does not fit fails with the line', async () => {
    const { seed } = await buildSeed('a,b\n1,x\n2,y\n', 'seeds:\n  - name: s\n    config:\n      column_types: {b: integer}\n');
    expect(seed.status).toBe('error');
    expect(seed.message).toContain("seeds/s.csv:2: column b: 'x' is not a valid INTEGER");
  });

  describe('beyond the inference sample, the load itself checks every row', () => {
    const prefix = (n: number) => 'id,v\n' + Array.from({ length: n }, (_, i) => `${i},${i % 7}\n`).join('');
    const after = SAMPLE_ROWS + 5;
    const line = after + 2;

    it('a value that does not fit the inferred type fails with its line, never NULLed', async () => {
      const { p, seed } = await buildSeed(`${prefix(after)}${after},seven\n`);
      expect(seed.status).toBe('error');
      expect(seed.message).toContain(`seeds/s.csv:${line}: column v: 'seven' is not a valid INTEGER`);
      expect(seed.message).toContain('inferred as INTEGER from the first 20,480 rows');
      const left = await queryDuckDB(db(p.dir), "select count(*)::int as n from information_schema.tables where table_name like 's%'");
      expect(left).toEqual([{ n: 0 }]);
    });

    it.each([
      ['a ragged row', `${after},1,2\n`, `seeds/s.csv:${line}: row has 3 fields, the header has 2`],
      ['an unclosed quote', `${after},"1\n`, `seeds/s.csv:${line}: unclosed quote`],
    ])('%s fails with its line', async (_, bad, expected) => {
      const { seed } = await buildSeed(`${prefix(after)}${bad}`);
      expect(seed.status).toBe('error');
      expect(seed.message).toContain(expected);
    });

    it('bytes that are not UTF-8 fail with their line', async () => {
      const { seed } = await buildSeed(Buffer.concat([Buffer.from(prefix(after)), Buffer.from(`${after},`), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
      expect(seed.status).toBe('error');
      expect(seed.message).toContain(`seeds/s.csv:${line}: not UTF-8`);
    });
  });

  it('a failed reload leaves the previous table intact', async () => {
    const { p, seed } = await buildSeed('a,b\n1,x\n');
    expect(seed.status).toBe('success');
    writeFileSync(join(p.dir, 'seeds/s.csv'), 'a,b\n1,x\n2,y,z\n');
    const { results } = await invoke({ projectDir: p.dir, command: 'seed' });
    expect(results.success).toBe(false);
    expect(await queryDuckDB(db(p.dir), 'select a, b from main.s')).toEqual([{ a: 1, b: 'x' }]);
  });
});
