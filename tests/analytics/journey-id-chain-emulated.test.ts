import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/runner/invoke.js';
import type { AwsEmulator } from '../emulators/athena/aws-emulator.js';
import { athenaProjectYml, startEmulator } from '../emulators/athena/test-support.js';
import { startRedshiftEmulator, type RedshiftEmulator } from '../emulators/redshift/index.js';
import { emulatedEngine, redshiftTargetYaml, useFakeAwsEnvironment } from '../emulators/redshift/test-support.js';
import { tempProject } from '../helpers/temp-project.js';
import { idChainCalls } from './id-chain.js';
import { idGraphRows, referenceIdGraph } from './journey-reference.js';

/**
 * A 1,000-link id chain on the emulated engines: one person, in rounds that grow with the log of
 * the chain (each round is a query; on Athena a paid one). The calls are a seed, loaded on each.
 */
const LINKS = 1000;
const calls = idChainCalls(LINKS, 3);
const csvTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const SEED = [
  'id,anonymous_id,user_id,email_sha256,event,event_at',
  ...calls.map((c) => [c.id, c.anonymous_id ?? '', c.user_id ?? '', c.email_sha256 ?? '', c.event ?? '', csvTime(c.timestamp)].join(',')),
].join('\n');
const MODEL = `{{ config(materialized='journey', journey={'extra_ids': ['email_sha256'], 'columns': {'timestamp': 'event_at', 'event_id': 'id', 'step': 'event'} }) }}
select * from {{ ref('chain_calls') }}
`;
const expectedKey = idGraphRows(referenceIdGraph(calls))[0]!.person_key;
const maxRounds = 2 * Math.ceil(Math.log2(LINKS + 1));

async function buildChain(projectYml: string, query: (sql: string) => Promise<Array<Record<string, unknown>>>, schema: string) {
  const p = tempProject({ 'project.yml': projectYml, 'seeds/chain_calls.csv': `${SEED}\n`, 'models/journey.sql': MODEL });
  const { results } = await invoke({ projectDir: p.dir, command: 'build', lock: { maxAgeSeconds: 0 } });
  const journey = results.results.find((r) => r.name === 'journey')!;
  expect(journey.status, journey.message).toBe('success');
  const rounds = Number(/id graph in (\d+) rounds/.exec(journey.message ?? '')?.[1]);
  expect(rounds).toBeGreaterThanOrEqual(2);
  expect(rounds).toBeLessThanOrEqual(maxRounds);
  const keys = await query(`select person_key, count(*) as ids from "${schema}"."journey_id_graph" group by person_key`);
  expect(keys.map((k) => [String(k.person_key), Number(k.ids)])).toEqual([[expectedKey, LINKS / 2 + 1 + LINKS / 2 + 2]]);
  const sessions = await query(`select distinct person_key from "${schema}"."journey"`);
  expect(sessions.map((s) => String(s.person_key))).toEqual([expectedKey]);
}

describe('a 1,000-link id chain on Athena (emulated)', () => {
  let emulator: AwsEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => emulator?.close());

  it('is one person, in about log2(links) rounds', async () => {
    await buildChain(athenaProjectYml(emulator.endpoint), (sql) => emulator.query(sql), 'analytics');
  });
});

describe('a 1,000-link id chain on Redshift (emulated)', () => {
  let emulator: RedshiftEmulator;
  beforeAll(async () => {
    useFakeAwsEnvironment();
    emulator = await startRedshiftEmulator();
  });
  afterAll(async () => emulator?.close());

  it('is one person, in about log2(links) rounds', async () => {
    const yml = `name: t\ntarget: rs\ntargets:\n  rs:\n${redshiftTargetYaml(emulator, 'analytics')}\n`;
    const engine = emulatedEngine(emulator, { schema: 'analytics' });
    await engine.open();
    try {
      await buildChain(yml, async (sql) => (await engine.execute(sql)).rows, 'analytics');
    } finally {
      await engine.close();
    }
  });
});
