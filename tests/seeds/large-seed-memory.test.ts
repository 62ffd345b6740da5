import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEEL_BIN } from '../helpers/cli.js';
import { queryDuckDB } from '../helpers/duckdb.js';
import { tempProject } from '../helpers/temp-project.js';

const RECORD_RSS = fileURLToPath(new URL('./fixtures/record-peak-rss.mjs', import.meta.url));
const CAP_MB = 100;
/** Node, the CLI bundle and DuckDB's buffers outside its memory_limit (CSV read buffers, the catalog), with room for a loaded machine. Reading the file into JS, as seeds did before, takes several GB. */
const MARGIN_MB = 300;
const ROWS = 1_500_000;

/** `keel seed` in its own process; its peak RSS in MB. */
function seedPeakMb(dir: string): number {
  const rssFile = join(dir, 'peak-rss');
  const r = spawnSync(process.execPath, ['--import', RECORD_RSS, KEEL_BIN, 'seed'], {
    cwd: dir,
    env: { ...process.env, KEEL_PEAK_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  expect(r.stderr + r.stdout).toContain('OK=1');
  expect(r.status).toBe(0);
  return Number(readFileSync(rssFile, 'utf8')) / 1024;
}

function project(csvRows: number) {
  const p = tempProject({
    'project.yml': `name: t\ntargets:\n  dev:\n    type: duckdb\n    path: target/t.duckdb\n    memory_limit: ${CAP_MB}MB\n    temp_directory: target/spill\n`,
  });
  mkdirSync(join(p.dir, 'seeds'), { recursive: true });
  const fd = openSync(join(p.dir, 'seeds/big.csv'), 'w');
  writeSync(fd, 'id,name,amount,day,at,note\n');
  const lines: string[] = [];
  for (let i = 0; i < csvRows; i++) {
    lines.push(
      `${i},"name ${i}, the ${i % 3 ? 'second' : 'first'}",${(i % 1000) / 10},2025-01-${String(1 + (i % 28)).padStart(2, '0')},2025-02-03 04:05:${String(i % 60).padStart(2, '0')},lorem ipsum dolor sit amet`,
    );
    if (lines.length === 50_000) writeSync(fd, lines.splice(0).join('\n') + '\n');
  }
  if (lines.length) writeSync(fd, lines.join('\n') + '\n');
  closeSync(fd);
  return p;
}

describe('a seed larger than the memory cap', () => {
  it('loads every row with its types while the process stays under the cap plus a fixed margin', async () => {
    const small = project(10);
    const baseline = seedPeakMb(small.dir);
    const big = project(ROWS);
    const csvMb = statSync(join(big.dir, 'seeds/big.csv')).size / 2 ** 20;
    expect(csvMb).toBeGreaterThan(CAP_MB * 1.2);
    const peak = seedPeakMb(big.dir);
    expect(peak).toBeLessThan(baseline + CAP_MB + MARGIN_MB);

    const db = join(big.dir, 'target/t.duckdb');
    expect(await queryDuckDB(db, 'select count(*)::int as n, count(distinct id)::int as d, sum(amount)::int as s, max(name) as m from main.big')).toEqual([
      { n: ROWS, d: ROWS, s: (ROWS / 1000) * 49950, m: 'name 999999, the first' },
    ]);
    const types = await queryDuckDB(db, "select data_type from information_schema.columns where table_name = 'big' order by ordinal_position");
    expect(types.map((t) => t.data_type)).toEqual(['INTEGER', 'VARCHAR', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']);
  });
});
