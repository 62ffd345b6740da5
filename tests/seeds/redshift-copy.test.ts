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
  const extra = staging ? { s3_staging_dir: 's3://stage/keel/', iam_role: ROLE, s3_endpoint: s3.endpoint } : {};
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
      { id: 1, name: LONG, score: '1.5', joined: new Date('2025-01-01T10:00:00Z'), flag: true },
      { id: 2, name: DEVANAGARI, score: null, joined: new Date('2025-01-02T00:00:00Z'), flag: false },
      { id: 3, name: null, score: '2.25', joined: null, flag: null },
    ].map((row) => expect.objectContaining({ id: row.id, name: row.name, flag: row.flag })));
    const types = await redshift.query(`select column_name, data_type from svv_columns where table_schema = '${schema}' and table_name = 's' order by ordinal_position`);
    expect(types.map((t) => t.data_type)).toEqual(['integer', 'character varying', 'double precision', 'timestamp without time zone', 'boolean']);
    expect(s3.list('stage')).toEqual([]);
    expect(s3.requests.some((q) => q.method === 'PUT' && q.path.startsWith('/stage/keel/keel-seeds/'))).toBe(true);
  });
});
