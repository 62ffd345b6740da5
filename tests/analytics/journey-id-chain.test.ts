import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import { buildJourney } from '../../src/materialize/journey/index.js';
import { idChainCalls } from './id-chain.js';
import { buildModel, engineWithCalls, rowsOf } from './journey-harness.js';
import { idGraphRows, referenceIdGraph } from './journey-reference.js';

/**
 * Stitching converges in rounds that grow with the log of the longest id chain: label
 * propagation needed one round per link (an 81-id chain failed the default max_iterations).
 */
const config = (journey: Record<string, unknown> = {}) => ({ materialized: 'journey', journey: { extra_ids: ['email_sha256'], ...journey } });
const roundsOf = (message: string | undefined) => Number(/id graph in (\d+) rounds/.exec(message ?? '')?.[1]);
const byTypeAndId = (a: { id_type: string; id: string }, b: { id_type: string; id: string }) =>
  a.id_type < b.id_type ? -1 : a.id_type > b.id_type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

let engine: DuckDBEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('stitching long id chains', () => {
  it.each([
    [80, 1],
    [1000, 1],
    [1000, 2],
  ])('a chain of %i links (shuffle %i) is one person, in about log2(links) rounds, within the default max_iterations', async (links, seed) => {
    const calls = idChainCalls(links, seed);
    engine = await engineWithCalls(calls);
    const { result } = await buildModel(engine, buildJourney, { sql: 'select * from main.calls', config: config() });
    const expected = idGraphRows(referenceIdGraph(calls)).sort(byTypeAndId);
    expect(new Set(expected.map((r) => r.person_key)).size).toBe(1);
    expect(await rowsOf(engine, 'select id, id_type, person_key from main.journey_id_graph')).toEqual(expect.arrayContaining(expected));
    expect(await rowsOf(engine, 'select count(*)::int as n from main.journey_id_graph')).toEqual([{ n: expected.length }]);
    // both devices' sessions belong to the one person
    expect(await rowsOf(engine, 'select distinct person_key from main.journey')).toEqual([{ person_key: expected[0]!.person_key }]);
    const rounds = roundsOf(result.message);
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(rounds).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(links + 1)));
  });

  it('max_iterations still bounds the rounds, with a clear error', async () => {
    engine = await engineWithCalls(idChainCalls(1000));
    await expect(buildModel(engine, buildJourney, { sql: 'select * from main.calls', config: config({ max_iterations: 3 }) })).rejects.toThrow(
      /did not converge after 3 rounds/,
    );
  });
});
