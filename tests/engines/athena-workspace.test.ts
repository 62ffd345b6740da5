import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import type { Engine } from '../../src/engines/engine.js';
import { invoke } from '../../src/runner/invoke.js';
import type { RunResults } from '../../src/runner/results.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { retryableFailure, seededRandom } from '../emulators/athena/faults.js';
import { athenaEngine, athenaTargetYaml, canonicalRows, startEmulator } from '../emulators/athena/test-support.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** schemas keel itself writes (run history), not the workspace */
const KEEL_SCHEMAS = new Set(['default', 'keel_meta']);

let emulator: AwsEmulator;
let dir: string;
let duck: RunResults;
let athena: RunResults;

/**
 * The repository's sample workspace, built once on DuckDB and once on Athena (emulated) while
 * 30 % of the AWS calls are throttled, some StartQueryExecution answers are lost after the query
 * started, and some queries fail with errors Athena marks retryable (CTAS ones after writing files).
 */
beforeAll(async () => {
  emulator = await startEmulator({ seed: Number(process.env.ATHENA_EMULATOR_SEED ?? 11) });
  dir = mkdtempSync(join(tmpdir(), 'keel-athena-workspace-'));
  for (const d of ['models', 'seeds', 'macros', 'tests/sql']) if (existsSync(join(REPO, d))) cpSync(join(REPO, d), join(dir, d), { recursive: true });
  // poll less often than the other tests: this build runs hundreds of queries
  const target = athenaTargetYaml(emulator.endpoint, { poll_interval_ms: 10, poll_max_interval_ms: 100, threads: 4 });
  writeFileSync(join(dir, 'project.yml'), readFileSync(join(REPO, 'project.yml'), 'utf8').replace(/^targets:\n/m, `targets:\n${target}`));

  duck = (await invoke({ projectDir: dir, command: 'build' })).results;

  const dice = seededRandom(Number(process.env.ATHENA_EMULATOR_SEED ?? 11) + 1);
  emulator.faults = {
    throttleRate: 0.3,
    lostStartResponseRate: 0.05,
    failQuery: (q) => (q.earlierRuns === 0 && dice() < 0.1 ? { failure: retryableFailure(), afterWrite: /^CREATE TABLE/i.test(q.sql) } : undefined),
  };
  athena = (await invoke({ projectDir: dir, command: 'build', target: 'athena' })).results;
  emulator.heal();
}, 240_000);

afterAll(async () => emulator?.close());

const outcome = (r: RunResults) => Object.fromEntries(r.results.map((x) => [x.uniqueId, x.status]));

describe('the sample workspace on Athena (emulated), under throttling and transient failures', () => {
  it('builds, with the same node outcomes as on DuckDB and every data test passing', () => {
    const failed = athena.results.filter((r) => !['success', 'pass', 'warn'].includes(r.status)).map((r) => `${r.name}: ${r.message}`);
    expect(failed).toEqual([]);
    expect(athena.success).toBe(true);
    expect(athena.results.filter((r) => r.kind === 'test').length).toBeGreaterThan(20);
    expect(outcome(athena)).toEqual(outcome(duck));
  });

  it('holds the same rows as the DuckDB build, in every table and view', async () => {
    const onDuck = new DuckDBEngine({ path: join(dir, 'target/keel.duckdb'), schema: 'main' });
    const onAthena = athenaEngine(emulator.endpoint);
    await onDuck.open();
    await onAthena.open();
    try {
      const schemas = [...emulator.lake.glue.databases.keys()].filter((s) => !KEEL_SCHEMAS.has(s));
      const relations = (await Promise.all(schemas.map((s) => onAthena.listRelations(s)))).flat();
      expect(relations.length).toBeGreaterThan(30);
      for (const rel of relations) {
        const name = `${rel.schema}.${rel.identifier}`;
        expect(await readAll(onAthena, rel.schema, rel.identifier), name).toEqual(await readAll(onDuck, rel.schema, rel.identifier));
      }
    } finally {
      await onAthena.close();
      await onDuck.close();
    }
  });

  it('retried throttled calls and retryable failures, and never ran a query twice for one request token', () => {
    const refused = emulator.calls.filter((c) => c.outcome === 'ThrottlingException' || c.outcome === 'TooManyRequestsException' || c.outcome === 'SlowDown');
    expect(refused.length).toBeGreaterThan(100);
    const executions = [...emulator.athena.executions.values()];
    expect(executions.filter((e) => e.injected).length).toBeGreaterThan(5);
    expect(emulator.calls.some((c) => c.action === 'StartQueryExecution' && c.outcome === 'InternalServerException')).toBe(true);
    expect(Math.max(...emulator.athena.startsByToken.values())).toBe(1);
    expect(new Set(executions.map((e) => e.token)).size).toBe(executions.length);
  });

  it('reports bytes scanned and cost per node in run_results.json', () => {
    const runResults = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    const tables = runResults.results.filter((r: { adapter_response: { costUsd?: number } }) => (r.adapter_response.costUsd ?? 0) > 0);
    expect(tables.length).toBeGreaterThan(10);
    for (const r of tables) expect(r.adapter_response.bytesScanned).toBeGreaterThanOrEqual(0);
  });
});

async function readAll(engine: Engine, schema: string, identifier: string): Promise<string[]> {
  const rel = engine.dialect.quoteRelation({ schema, identifier });
  return canonicalRows((await engine.execute(`SELECT * FROM ${rel}`)).rows);
}
