import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExistingRelation } from '../../src/core/relation.js';
import { analyticsDialectFor } from '../../src/engines/registry.js';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import type { Engine } from '../../src/engines/engine.js';
import { invoke } from '../../src/runner/invoke.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const WORKSPACE = ['project.yml', 'models', 'seeds', 'macros', 'tests/sql'];

let emulator: RedshiftEmulator;
let dir: string;

/** The sample workspace in a temp dir, with a `redshift` target on the emulator added to its project.yml. */
function copyWorkspace(): string {
  const copy = mkdtempSync(join(tmpdir(), 'keel-workspace-'));
  for (const part of WORKSPACE) if (existsSync(join(REPO, part))) cpSync(join(REPO, part), join(copy, part), { recursive: true });
  const project = parseDocument(readFileSync(join(copy, 'project.yml'), 'utf8'));
  project.setIn(['targets', 'redshift'], {
    type: 'redshift',
    region: 'us-east-1',
    cluster_identifier: 'analytics-cluster',
    db_user: 'keel',
    database: 'dev',
    schema: 'main',
    endpoint: emulator.endpoint,
    poll_interval_ms: 2,
    threads: 4,
  });
  writeFileSync(join(copy, 'project.yml'), project.toString());
  return copy;
}

beforeAll(async () => {
  useFakeAwsEnvironment();
  emulator = await startRedshiftEmulator();
  dir = copyWorkspace();
});

afterAll(async () => {
  await emulator?.close();
});

const byName = (r: Awaited<ReturnType<typeof invoke>>) => Object.fromEntries(r.results.results.map((x) => [x.uniqueId, x.status]));

describe('the sample workspace on Redshift', () => {
  it('builds with --target redshift, passes its data tests, and holds the same rows as the DuckDB build', async () => {
    const onDuckDB = await invoke({ projectDir: dir, command: 'build' });
    const onRedshift = await invoke({ projectDir: dir, command: 'build', target: 'redshift' });
    const failures = onRedshift.results.results.filter((r) => !['success', 'pass', 'warn'].includes(r.status));
    expect(failures.map((f) => `${f.name}: ${f.status} ${f.message}`)).toEqual([]);
    expect(byName(onRedshift)).toEqual(byName(onDuckDB));

    const duck = new DuckDBEngine({ path: join(dir, 'target/keel.duckdb'), schema: 'main', threads: 1 });
    const redshift = emulatedEngine(emulator, { schema: 'main' });
    await Promise.all([duck.open(), redshift.open()]);
    try {
      const schemas = [...new Set([...onRedshift.manifest.nodes.values()].filter((n) => n.relation && n.kind !== 'source').map((n) => n.relation!.schema))];
      for (const schema of schemas) {
        const relations = (await redshift.listRelations(schema)).map((r) => r.identifier);
        expect(relations, `relations in ${schema}`).toEqual((await duck.listRelations(schema)).map((r) => r.identifier));
        for (const identifier of relations) {
          const rel = { schema, identifier, type: 'table' } as ExistingRelation;
          expect(await contents(redshift, rel), `${schema}.${identifier}`).toEqual(await contents(duck, rel));
        }
      }
    } finally {
      await Promise.all([duck.close(), redshift.close()]);
    }
    // the whole sample twice: on a busy machine this takes longer than the default minute
  }, 240_000);
});

/** Redshift has no arrays: the journey kind writes a path DuckDB keeps as a list as a delimited string. */
const { listDelimiter } = analyticsDialectFor('redshift');

/** Rows as comparable text, sorted: numbers to 9 significant digits (float sums differ in the last bits), times as ISO, lists joined. */
async function contents(engine: Engine, rel: ExistingRelation): Promise<{ columns: string[]; rows: string[] }> {
  const result = await engine.execute(`select * from ${engine.dialect.quoteRelation(rel)}`);
  const normalize = (v: unknown) =>
    v instanceof Date ? v.toISOString() : typeof v === 'number' ? Number(v.toPrecision(9)) : Array.isArray(v) ? v.join(listDelimiter) : v;
  return {
    columns: result.columns.map((c) => c.name),
    rows: result.rows.map((row) => JSON.stringify(Object.values(row).map(normalize))).sort(),
  };
}
