import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/sample/prng.js';
import { writeSampleSeeds } from '../../src/sample/write.js';
import { invoke } from '../../src/runner/invoke.js';
import { queryDuckDB } from '../helpers/duckdb.js';

const ROOT = join(import.meta.dirname, '../..');

describe('event ids and RudderStack redeliveries', () => {
  it('uniqueUuid is unique per (group, seq) and draws like uuid()', () => {
    const seen = new Set<string>();
    const [a, b] = [new Random(7), new Random(7)];
    for (let group = 0; group < 200; group++) {
      for (let seq = 0; seq < 500; seq++) {
        const id = a.uniqueUuid(group, seq);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        seen.add(id);
        b.uuid();
      }
    }
    expect(seen.size).toBe(200 * 500);
    expect(a.float()).toBe(b.float());
  });

  it('the staging models keep each message once, its first delivery, before the date filter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-redelivery-'));
    for (const d of ['project.yml', 'models', 'macros', 'seeds', 'tests/sql']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
    await writeSampleSeeds(join(dir, 'seeds'), { persons: 600 });
    const { results } = await invoke({ projectDir: dir, command: 'build', select: ['+path:models/staging'] });
    expect(results.results.filter((r) => !['success', 'pass'].includes(r.status)).map((r) => `${r.name}: ${r.message}`)).toEqual([]);
    expect(results.results.map((r) => r.name)).toEqual(expect.arrayContaining(['unique_stg_pages_event_id', 'unique_stg_tracks_event_id']));

    const db = join(dir, 'target/keel.duckdb');
    const tables = [
      ['pages', 'stg_pages', 'event_id', "where ts >= timestamp '2025-01-01'"],
      ['tracks', 'stg_tracks', 'event_id', "where ts >= timestamp '2025-01-01'"],
      // identifies have no date filter
      ['identifies', 'stg_identifies', 'identify_id', ''],
    ];
    for (const [raw, stg, idColumn, filter] of tables) {
      const [counts] = await queryDuckDB(db, `select count(*)::int as n, count(distinct id)::int as ids from web_app.${raw}`);
      expect(counts!.n, raw).toBeGreaterThan(counts!.ids as number);
      // every message once: those the date filter keeps, judged by the first delivery's time
      const [expected] = await queryDuckDB(
        db,
        `select count(*)::int as n from (select id, min(received_at) as first_at, arg_min("timestamp", received_at) as ts from web_app.${raw} group by id) ${filter}`,
      );
      const [kept] = await queryDuckDB(db, `select count(*)::int as n, count(distinct ${idColumn})::int as ids from staging.${stg}`);
      expect(kept, stg).toEqual({ n: expected!.n, ids: expected!.n });
      const [later] = await queryDuckDB(
        db,
        `select count(*)::int as n from staging.${stg} s join (select id, min(received_at) as first_at from web_app.${raw} group by id) f on f.id = s.${idColumn} where s.received_at <> f.first_at`,
      );
      expect(later!.n, stg).toBe(0);
    }
  });
});
