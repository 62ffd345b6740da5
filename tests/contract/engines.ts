import { join } from 'node:path';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import type { Engine } from '../../src/engines/engine.js';
import type { EngineType } from '../../src/engines/engine-type.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { athenaEngine, athenaTargetYaml, canonicalRows, startEmulator } from '../emulators/athena/test-support.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine, redshiftTargetYaml, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';

/** One engine the contract runs on: a real DuckDB file, or an emulator started for the suite. */
export interface ContractEngine {
  readonly type: EngineType;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** project.yml of a project whose default target builds into `schema` */
  projectYml(schema: string): string;
  /** an engine on the same target, for reading what a build left (open it; close it before the next build on DuckDB) */
  engine(projectDir: string, schema: string): Engine;
}

const duckdb = (): ContractEngine => ({
  type: 'duckdb',
  start: async () => {},
  stop: async () => {},
  projectYml: (schema) => `name: t\ntarget: dev\ntargets:\n  dev:\n    type: duckdb\n    path: target/t.duckdb\n    schema: ${schema}\n`,
  engine: (dir, schema) => new DuckDBEngine({ path: join(dir, 'target', 't.duckdb'), schema, threads: 1 }),
});

function athena(): ContractEngine {
  let emulator: AwsEmulator;
  return {
    type: 'athena',
    start: async () => {
      emulator = await startEmulator();
    },
    stop: async () => emulator?.close(),
    projectYml: (schema) => `name: t\ntarget: athena\ntargets:\n${athenaTargetYaml(emulator.endpoint, { schema })}`,
    engine: (_dir, schema) => athenaEngine(emulator.endpoint, { schema }),
  };
}

function redshift(): ContractEngine {
  let emulator: RedshiftEmulator;
  return {
    type: 'redshift',
    start: async () => {
      useFakeAwsEnvironment();
      emulator = await startRedshiftEmulator();
    },
    stop: async () => emulator?.close(),
    projectYml: (schema) => `name: t\ntarget: rs\ntargets:\n  rs:\n${redshiftTargetYaml(emulator, schema)}\n`,
    engine: (_dir, schema) => emulatedEngine(emulator, { schema }),
  };
}

/** Every engine keel builds on, in the style of Kysely's `for (const dialect of DIALECTS)`. */
export const CONTRACT_ENGINES: Array<() => ContractEngine> = [duckdb, athena, redshift];

/** Runs `read` on an engine opened for it, then closes it (a DuckDB file admits one process at a time). */
export async function withEngine<T>(e: ContractEngine, dir: string, schema: string, read: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = e.engine(dir, schema);
  await engine.open();
  try {
    return await read(engine);
  } finally {
    await engine.close();
  }
}

/** A relation's rows, canonical (sorted, lower-case names, comparable values), or null when it does not exist. */
export async function tableRows(e: ContractEngine, dir: string, schema: string, identifier: string): Promise<string[] | null> {
  return withEngine(e, dir, schema, async (engine) => {
    const rel = { schema, identifier };
    if (!(await engine.getRelation(rel))) return null;
    return canonicalRows((await engine.execute(`select * from ${engine.dialect.quoteRelation(rel)}`)).rows);
  });
}
