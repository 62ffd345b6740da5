import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeSampleSeeds } from '../sample/write.js';
import { DEFAULT_SAMPLE_OPTIONS } from '../sample/generate.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KEEL_BIN = join(REPO, 'bin/keel.js');

interface BuildRun {
  wallS: number;
  peakRssMb: number;
  exitCode: number | null;
  /** longest chain of node execution times through the DAG (manifest parent_map) */
  criticalPathS: number;
  /** summed execution time per resource kind (seed, view, table, journey, ..., test) */
  byKind: Map<string, number>;
  seedTimes: Map<string, number>;
  failed: string[];
}

/**
 * `npm run bench -- build [--persons 10000,100000] [--with-500k] [--threads 4]`: the sample workspace
 * generated at each size, built cold and then again after one more day of data, each build a
 * `keel build` child process (wall time, peak RSS of the process, which holds DuckDB). From
 * run_results.json and the manifest: the critical path of node times (what an ideal scheduler
 * needs), the per-kind times, and each seed beside DuckDB reading the same CSV by itself.
 */
export async function buildBench(args: string[]): Promise<void> {
  const sizes = (flag(args, '--persons') ?? '10000,100000').split(',').map(Number);
  if (args.includes('--with-500k')) sizes.push(500_000);
  const threads = flag(args, '--threads') ?? '4';
  const keep = args.includes('--keep');
  for (const persons of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `keel-bench-build-${persons}-`));
    try {
      for (const p of ['project.yml', 'models', 'macros', 'seeds/seeds.yml', 'tests/sql']) cpSync(join(REPO, p), join(dir, p), { recursive: true });
      writeFileSync(
        join(dir, 'peak-rss.mjs'),
        "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.KEEL_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
      );
      // one sample, loaded up to the last day for the cold build, then with the last day appended
      const lastDay = new Date(Date.parse(`${DEFAULT_SAMPLE_OPTIONS.startDate}T00:00:00Z`) + (DEFAULT_SAMPLE_OPTIONS.days - 1) * 86_400_000);
      const receivedBefore = lastDay.toISOString().replace('T', ' ').replace('Z', '');
      const t = performance.now();
      const written = await writeSampleSeeds(join(dir, 'seeds'), { persons, receivedBefore });
      const rows = written.reduce((n, w) => n + w.rows, 0);
      const bytes = written.reduce((n, w) => n + w.bytes, 0);
      console.log(
        `\n## ${persons.toLocaleString('en-US')} persons: ${rows.toLocaleString('en-US')} seed rows, ${(bytes / 2 ** 20).toFixed(0)} MB of CSV (generated in ${secs(performance.now() - t)} s)`,
      );

      const cold = await keelBuild(dir, threads);
      report('cold build', cold);
      await writeSampleSeeds(join(dir, 'seeds'), { persons });
      const incremental = await keelBuild(dir, threads);
      report(`after one more day of data (received from ${receivedBefore})`, incremental);
      console.log(`incremental / cold: ${((incremental.wallS / cold.wallS) * 100).toFixed(0)} % (target < 15 %)`);

      // side by side, one file at a time on both sides: `keel seed --threads 1` and DuckDB by itself
      const seeds = await keelRun(dir, ['seed', '--threads', '1']);
      const raw = await duckdbAlone(join(dir, 'seeds'));
      const keelSeeds = [...seeds.seedTimes.values()].reduce((a, b) => a + b, 0);
      const rawTotal = [...raw.values()].reduce((a, b) => a + b, 0);
      console.log(
        `seeds one at a time: keel seed ${keelSeeds.toFixed(1)} s of node time (${seeds.wallS.toFixed(1)} s wall, peak RSS ${seeds.peakRssMb.toFixed(0)} MB), DuckDB CREATE TABLE AS SELECT * FROM read_csv(...) alone ${rawTotal.toFixed(1)} s: ${(keelSeeds / rawTotal).toFixed(2)}× (target ≤ 1.5×)`,
      );
      for (const [file, s] of [...raw].sort((a, b) => b[1] - a[1]).slice(0, 3)) {
        const name = file.replace(/^.*\//, '').replace(/\.csv$/, '');
        console.log(`  ${file}: keel ${(seeds.seedTimes.get(name) ?? NaN).toFixed(2)} s, DuckDB alone ${s.toFixed(2)} s`);
      }
    } finally {
      if (keep) console.log(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
}

function keelBuild(dir: string, threads: string): Promise<BuildRun> {
  return keelRun(dir, ['build', '--threads', threads]);
}

async function keelRun(dir: string, command: string[]): Promise<BuildRun> {
  const rssFile = join(dir, 'peak-rss');
  const t = performance.now();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', join(dir, 'peak-rss.mjs'), KEEL_BIN, ...command], {
      cwd: dir,
      env: { ...process.env, KEEL_PEAK_RSS_FILE: rssFile },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  const wallS = (performance.now() - t) / 1000;
  const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
    results: Array<{ unique_id: string; name: string; resource_type: string; status: string; execution_time: number }>;
  };
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
    nodes: Record<string, { config?: { materialized?: string }; resource_type: string }>;
    parent_map: Record<string, string[]>;
  };
  const time = new Map(results.results.map((r) => [r.unique_id, r.execution_time]));
  const finish = new Map<string, number>();
  const finishOf = (id: string): number => {
    const known = finish.get(id);
    if (known !== undefined) return known;
    finish.set(id, 0); // a cycle cannot happen in a built DAG; this guards the recursion anyway
    const start = Math.max(0, ...(manifest.parent_map[id] ?? []).map(finishOf));
    const end = start + (time.get(id) ?? 0);
    finish.set(id, end);
    return end;
  };
  const criticalPathS = Math.max(0, ...results.results.map((r) => finishOf(r.unique_id)));
  const byKind = new Map<string, number>();
  const seedTimes = new Map<string, number>();
  for (const r of results.results) {
    const node = manifest.nodes[r.unique_id];
    const kind = r.resource_type === 'model' ? (node?.config?.materialized ?? 'model') : r.resource_type;
    byKind.set(kind, (byKind.get(kind) ?? 0) + r.execution_time);
    if (r.resource_type === 'seed') seedTimes.set(r.name, r.execution_time);
  }
  const failed = results.results.filter((r) => !['success', 'pass', 'warn'].includes(r.status)).map((r) => `${r.name} (${r.status})`);
  return { wallS, peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, exitCode, criticalPathS, byKind, seedTimes, failed };
}

/** Each seed CSV read by DuckDB on its own (types auto-detected), one after another in a fresh database. */
async function duckdbAlone(seeds: string): Promise<Map<string, number>> {
  const dbDir = mkdtempSync(join(tmpdir(), 'keel-bench-raw-'));
  const instance = await DuckDBInstance.create(join(dbDir, 'raw.duckdb'));
  const connection = await instance.connect();
  const out = new Map<string, number>();
  try {
    let i = 0;
    for (const file of csvFiles(seeds)) {
      const t = performance.now();
      await connection.run(`create table t${i++} as select * from read_csv('${file.replace(/'/g, "''")}')`);
      out.set(relative(seeds, file), (performance.now() - t) / 1000);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dbDir, { recursive: true, force: true });
  }
  return out;
}

function csvFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? csvFiles(p) : p.endsWith('.csv') ? [p] : [];
  });
}

function report(label: string, r: BuildRun): void {
  const kinds = [...r.byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([k, s]) => `${k} ${s.toFixed(1)} s`)
    .join(', ');
  console.log(`${label}: wall ${r.wallS.toFixed(1)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB, exit ${r.exitCode}`);
  console.log(`  critical path of node times ${r.criticalPathS.toFixed(1)} s: wall is ${(r.wallS / r.criticalPathS).toFixed(2)}× of it (target ≤ 1.1×)`);
  console.log(`  node time by kind (summed): ${kinds}`);
  if (r.failed.length) console.log(`  not passing: ${r.failed.join(', ')}`);
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
