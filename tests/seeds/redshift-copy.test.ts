import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import { SAMPLE_ROWS } from '../../src/materialize/seed/load-seed.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { FAKE_CREDENTIALS, redshiftTargetYaml, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';
import { S3Emulator } from '../emulators/s3/server.js';
import { tempProject } from '../helpers/temp-project.js';

/* Seeds on Redshift load with COPY from a gzipped object keel stages in S3, when the target says where. */

const ROLE = 'arn:aws:iam::123456789012:role/keel-copy';
const LONG = `long/${'x'.repeat(300)}`;
const DEVANAGARI = 'देवनागरी'.repeat(13).slice(0, 100);

let redshift: RedshiftEmulator;
let s3: S3Emulator;
let schemas = 0;

beforeAll(async () => {
  useFakeAwsEnvironment();
  s3 = new S3Emulator({ buckets: ['stage'], accessKeyId: FAKE_CREDENTIALS.accessKeyId });
  await s3.start();
  redshift = await startRedshiftEmulator({ s3 });
});
afterAll(async () => {
  await Promise.all([redshift?.close(), s3?.stop()]);
});

function project(csv: string, staging = true) {
  const schema = `copy${++schemas}`;
  const extra: Record<string, string> = staging ? { s3_staging_dir: 's3://stage/keel/', iam_role: ROLE, s3_endpoint: s3.endpoint } : {};
  const p = tempProject({ 'project.yml': `name: t\ntarget: rs\ntargets:\n  rs:\n${redshiftTargetYaml(redshift, schema, extra)}\n`, 'seeds/s.csv': csv });
  return { p, schema };
}
const build = (dir: string) => invoke({ projectDir: dir, command: 'build' });
const copies = () => [...redshift.store.all.values()].flatMap((r) => r.subs.map((s) => s.sql)).filter((q) => /^\s*copy\b/i.test(q));

describe('seeds on Redshift with s3_staging_dir and iam_role', () => {
  it('load through COPY with their rows and types, and the staged object is deleted', async () => {
    const before = copies().length;
    const csv = `id,name,score,joined,flag\n1,${LONG},1.5,2025-01-01 10:00:00,true\n2,${DEVANAGARI},,2025-01-02 00:00:00,false\n3,,2.25,,\n`;
    const { p, schema } = project(csv);
    const r = await build(p.dir);
    const seed = r.results.results.find((x) => x.name === 's')!;
    expect(seed.status, seed.message).toBe('success');
    expect(copies().length).toBe(before + 1);
    expect(copies().at(-1)).toMatch(/from 's3:\/\/stage\/keel\/keel-seeds\/.*\.csv\.gz' iam_role '.*' format as csv ignoreheader 1 gzip/);
    const rows = await redshift.query(`select id, name, score, joined, flag from ${schema}.s order by id`);
    expect(rows).toEqual([
      { id: 1, name: LONG, score: 1.5, joined: new Date('2025-01-01T10:00:00Z'), flag: true },
      { id: 2, name: DEVANAGARI, score: null, joined: new Date('2025-01-02T00:00:00Z'), flag: false },
      { id: 3, name: null, score: 2.25, joined: null, flag: null },
    ]);
    const types = await redshift.query(
      `select column_name, data_type from svv_columns where table_schema = '${schema}' and table_name = 's' order by ordinal_position`,
    );
    expect(types.map((t) => t.data_type)).toEqual(['integer', 'character varying', 'double precision', 'timestamp without time zone', 'boolean']);
    expect(s3.list('stage')).toEqual([]);
    expect(s3.requests.some((q) => q.method === 'PUT' && q.path.startsWith('/stage/keel/keel-seeds/'))).toBe(true);
  });

  it('a bad row past the inference sample fails with the seed file and its line, and the old table stays', async () => {
    const good = `id,v\n${Array.from({ length: SAMPLE_ROWS }, (_, i) => `${i},${i}`).join('\n')}\n`;
    const { p, schema } = project(good);
    expect((await build(p.dir)).results.results[0]!.status).toBe('success');
    // the header is line 1, so the row after the sample's rows is line SAMPLE_ROWS + 2
    p.write('seeds/s.csv', `${good}${SAMPLE_ROWS},seven\n`);
    const r = await build(p.dir);
    const seed = r.results.results.find((x) => x.name === 's')!;
    expect(seed.status).toBe('error');
    expect(seed.message).toContain(`seeds/s.csv:${SAMPLE_ROWS + 2}: column v: 'seven' is not a valid integer`);
    expect(seed.message).toContain('inferred as INTEGER from the first 20,480 rows');
    expect(await redshift.query(`select count(*)::int as n from ${schema}.s`)).toEqual([{ n: SAMPLE_ROWS }]);
    expect(s3.list('stage')).toEqual([]);
  });
});

describe('the emulated COPY', () => {
  it('refuses a COPY without IAM_ROLE or with a malformed one, and an empty prefix', async () => {
    await redshift.query('create table public.c (a int)');
    const { RedshiftEngine } = await import('../../src/engines/redshift/index.js');
    const { emulatedEngine } = await import('../emulators/redshift/test-support.js');
    const engine: InstanceType<typeof RedshiftEngine> = emulatedEngine(redshift);
    await engine.open();
    try {
      s3.objects.set('stage/one/a.csv', { body: Buffer.from('a\n1\n'), etag: 'x', lastModified: new Date() });
      await expect(engine.execute("copy public.c from 's3://stage/one/' format as csv ignoreheader 1")).rejects.toThrow(/Invalid credentials/);
      await expect(engine.execute("copy public.c from 's3://stage/one/' iam_role 'keel' format as csv ignoreheader 1")).rejects.toThrow(/IAM Role/);
      await expect(engine.execute(`copy public.c from 's3://stage/none/' iam_role '${ROLE}' format as csv`)).rejects.toThrow(/prefix 'none\/' does not exist/);
      await engine.execute(`copy public.c from 's3://stage/one/' iam_role '${ROLE}' format as csv ignoreheader 1`);
      expect(await redshift.query('select a from public.c')).toEqual([{ a: 1 }]);
      s3.objects.set('stage/two/a.csv', { body: Buffer.from('a\n2\nx\n'), etag: 'x', lastModified: new Date() });
      await expect(engine.execute(`copy public.c from 's3://stage/two/' iam_role '${ROLE}' format as csv ignoreheader 1`)).rejects.toThrow(
        /Load into table 'public.c' failed/,
      );
      // the whole COPY failed: the good row before the bad one is not there either
      expect(await redshift.query('select a from public.c')).toEqual([{ a: 1 }]);
      expect(
        await redshift.query("select line_number::int as line, colname, raw_field_value from stl_load_errors where filename = 's3://stage/two/a.csv'"),
      ).toEqual([{ line: 3, colname: 'a', raw_field_value: 'x' }]);
      s3.objects.set('stage/three/a.csv.gz', { body: gzipSync('a\n4,5\n'), etag: 'x', lastModified: new Date() });
      await expect(engine.execute(`copy public.c from 's3://stage/three/' iam_role '${ROLE}' format as csv ignoreheader 1 gzip`)).rejects.toThrow(
        /Load into table/,
      );
      expect(await redshift.query("select line_number::int as line, err_reason from stl_load_errors where filename = 's3://stage/three/a.csv.gz'")).toEqual([
        { line: 2, err_reason: 'Extra column(s) found' },
      ]);
    } finally {
      s3.objects.clear();
      await engine.close();
    }
  });
});

describe('seeds on Redshift without staging', () => {
  it('are INSERTed, with a warning once per run naming the keys to set', async () => {
    const before = copies().length;
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const { p, schema } = project('a,b\n1,x\n', false);
    p.write('seeds/t.csv', 'c\n2\n');
    let r: Awaited<ReturnType<typeof build>>;
    try {
      r = await build(p.dir);
    } finally {
      spy.mockRestore();
    }
    expect(r.results.results.map((x) => x.status)).toEqual(['success', 'success']);
    expect(copies().length).toBe(before);
    expect(await redshift.query(`select a, b from ${schema}.s`)).toEqual([{ a: 1, b: 'x' }]);
    const warnings = writes.filter((w) => w.includes('s3_staging_dir and iam_role'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('INSERT');
  });
});
