import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/run-sync.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { emailOf, syncProject } from './fixtures.js';
import { execDuckDB, SegmentSim } from './segment-sim.js';

describe('the sync state tables', () => {
  it('tables made before source_hash get the column, and the sync runs on them', async () => {
    const p = syncProject({ sync: '        behavior: keel b\n        identifiers:\n          - {column: email, type: email}' });
    const db = join(p.dir, 'target/t.duckdb');
    await new SegmentSim(db).build(new Map([['o1', { email: emailOf('o1') }]]), '2025-06-01 10:00:00');
    await execDuckDB(db, [
      'create table main.keel_sync_delta (run_id varchar, segment varchar, change varchar, person_key varchar, reason varchar, id_type varchar, userid varchar)',
      'create table main.keel_sync_identities (endpoint varchar, segment varchar, person_key varchar, id_type varchar, userid varchar, run_id varchar)',
    ]);
    const first = await runSync({ projectDir: p.dir, env: {} });
    expect(first.runs[0]!.dataLines).toBe(1);
    const columns = await queryDuckDB(db, "select table_name t from information_schema.columns where column_name = 'source_hash' order by t");
    expect(columns).toEqual([{ t: 'keel_sync_delta' }, { t: 'keel_sync_identities' }]);
    const again = await runSync({ projectDir: p.dir, env: {} });
    expect(again.segments[0]).toMatchObject({ status: 'acknowledged', mode: 'delta', counts: { members: 1, unchanged: 1 } });
    expect(again.runs[0]!.dataLines).toBe(0);
  });
});
