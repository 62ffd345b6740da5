import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'esbuild';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUCKET = 'lotame-transfer-in-us-east-1';
const CREDENTIALS = { token: 'bench-token', access: 'bench-access', awsKey: 'AKIABENCH0000001', awsSecret: 'bench-aws-secret' };

interface SyncRun {
  ms: number;
  maxRssMb: number;
  success: boolean;
  notes: string[];
  segments: Array<{ status: string; mode: string; counts: Record<string, number>; message: string | null }>;
  runs: Array<{ dataLines: number; optoutLines: number; files: number; bytes: number; message: string | null }>;
}

/**
 * `npm run bench -- sync [--members N] [--churn 0.01]`: a generated segment synced to the loopback
 * Lotame Admin API and S3 emulators (the test suite's, bundled here with esbuild), first in full,
 * then after a build that changes `churn` of the members (half leave, a fifth of those by withdrawn
 * consent, as many join). Each sync runs in a child process: its own wall time and peak RSS.
 */
export async function syncBench(args: string[]): Promise<void> {
  const members = Number(flag(args, '--members') ?? 1_000_000);
  const churn = Number(flag(args, '--churn') ?? 0.01);
  const dir = mkdtempSync(join(tmpdir(), 'keel-bench-sync-'));
  const { S3Emulator, LotameApiEmulator } = await loadEmulators(dir);
  const s3 = new S3Emulator({ buckets: [BUCKET], accessKeyId: CREDENTIALS.awsKey });
  const lotame = new LotameApiEmulator({ token: CREDENTIALS.token, access: CREDENTIALS.access });
  await s3.start();
  await lotame.start();
  try {
    writeProject(dir, s3.endpoint!, lotame.baseUrl);
    const db = join(dir, 'target/bench.duckdb');
    let t = performance.now();
    await generate(db, members);
    console.log(`generated ${members.toLocaleString('en-US')} members in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const first = await syncInChild(dir);
    report('first sync (full)', first);
    t = performance.now();
    const changed = await applyChurn(db, members, churn);
    console.log(
      `build with ${changed.entered.toLocaleString('en-US')} joins, ${changed.left.toLocaleString('en-US')} leaves (${changed.consent.toLocaleString('en-US')} consent withdrawals) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const second = await syncInChild(dir);
    report(`second sync (${(churn * 100).toFixed(1)} % churn)`, second);

    const sentOnlyChurn = second.segments[0]?.counts.adds === changed.entered && second.runs[0]?.optoutLines === changed.consentIds;
    console.log(
      `second sync uploaded only the churn: ${sentOnlyChurn ? 'yes' : 'NO'} (${second.runs[0]?.dataLines} data lines for ${changed.entered} joins, ${second.runs[0]?.optoutLines} opt-out lines)`,
    );
    console.log(`objects in the bucket: ${s3.list(BUCKET).length}, Lotame API requests: ${lotame.log.length}`);
    console.log(
      `targets: first < 10 s: ${first.ms < 10_000 ? 'met' : 'MISSED'}; < 300 MB RSS: ${first.maxRssMb < 300 && second.maxRssMb < 300 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await Promise.all([s3.stop(), lotame.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function report(label: string, r: SyncRun): void {
  const run = r.runs[0];
  const seg = r.segments[0];
  console.log(
    `${label.padEnd(26)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB  ` +
      `${seg?.status ?? '?'} ${seg?.mode ?? ''}  members ${seg?.counts.members?.toLocaleString('en-US')}  +${seg?.counts.adds?.toLocaleString('en-US')} -${seg?.counts.removes?.toLocaleString('en-US')}  ` +
      `${run?.dataLines.toLocaleString('en-US')} data + ${run?.optoutLines.toLocaleString('en-US')} opt-out lines in ${run?.files} objects (${((run?.bytes ?? 0) / 1e6).toFixed(1)} MB gz)` +
      `${r.success ? '' : `  FAILED: ${seg?.message ?? run?.message}`}`,
  );
  for (const note of r.notes) console.log(`${''.padEnd(28)}note: ${note}`);
}

/** The emulators are test code (TypeScript under tests/): bundled on the fly, they need only node built-ins. */
async function loadEmulators(dir: string) {
  const out = join(dir, 'emulators.mjs');
  const entry = join(dir, 'emulators-entry.ts');
  writeFileSync(
    entry,
    `export { S3Emulator } from ${JSON.stringify(join(REPO, 'tests/emulators/s3/server.ts'))};\nexport { LotameApiEmulator } from ${JSON.stringify(join(REPO, 'tests/emulators/lotame/server.ts'))};\n`,
  );
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
  return (await import(pathToFileURL(out).href)) as {
    S3Emulator: new (o: { buckets: string[]; accessKeyId: string }) => Emulator & { list(bucket: string): string[] };
    LotameApiEmulator: new (c: { token: string; access: string }) => Emulator & { baseUrl: string; log: unknown[] };
  };
}

/** What the bench uses of the test suite's loopback servers. */
interface Emulator {
  start(): Promise<string>;
  stop(): Promise<void>;
  readonly endpoint?: string;
}

function writeProject(dir: string, s3Endpoint: string, apiUrl: string): void {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(
    join(dir, 'project.yml'),
    `name: bench\ntargets:\n  dev:\n    type: duckdb\n    path: target/bench.duckdb\n    schema: main\ndestinations:\n  lotame:\n    client_id: 1234\n    s3_endpoint: ${s3Endpoint}\n    api_url: ${apiUrl}\n    behavior_type_id: 1\n    max_rows_per_file: 500000\n`,
  );
  writeFileSync(join(dir, 'models/seg.sql'), "{{ config(materialized='table') }}select 1 as person_key");
  writeFileSync(
    join(dir, 'models/seg.yml'),
    'models:\n  - name: seg\n    config:\n      sync:\n        lotame:\n          behavior: keel bench segment\n          identifiers:\n            - {column: email, type: email}\n            - {column: maid, type: maid}\n',
  );
}

const MAID = (i: string) => `printf('%08x-0000-4000-8000-%012x', ${i}, ${i})`;

/** Members and their history as the segment kind leaves them after one build; a third have a mobile ad id. */
async function generate(path: string, n: number): Promise<void> {
  await withDuckDB(path, [
    `create table seg as select 'p' || i as person_key, 'User' || i || '@Example.com ' as email, case when i % 3 = 0 then ${MAID('i')} end as maid from range(${n}) t(i)`,
    `create table seg_history as select person_key, timestamp '2025-06-01 06:00:00' as entered_at, cast(null as timestamp) as exited_at, cast(null as varchar) as exit_reason from seg`,
  ]);
}

/** One build's churn: half of `churn` leave (a fifth of them withdrawing consent), as many new persons join. */
async function applyChurn(path: string, n: number, churn: number): Promise<{ entered: number; left: number; consent: number; consentIds: number }> {
  const left = Math.round((n * churn) / 2);
  const consent = Math.round(left / 5);
  const at = "timestamp '2025-06-02 06:00:00'";
  // leavers: every (n / left)-th person; the first `consent` of them withdrew consent
  const step = Math.floor(n / left);
  await withDuckDB(path, [
    `create temp table leavers as select 'p' || (k * ${step}) as person_key, k < ${consent} as consent from range(${left}) t(k)`,
    `update seg_history set exited_at = ${at}, exit_reason = case when l.consent then 'consent_withdrawn' else 'rule' end from leavers l where seg_history.person_key = l.person_key`,
    `delete from seg where person_key in (select person_key from leavers)`,
    `insert into seg select 'p' || i, 'user' || i || '@example.com', case when i % 3 = 0 then ${MAID('i')} end from range(${n}, ${n + left}) t(i)`,
    `insert into seg_history select 'p' || i, ${at}, null, null from range(${n}, ${n + left}) t(i)`,
  ]);
  // opt-out lines: each consent leaver's email, plus the mobile ad id a third of them have
  const consentIds = consent + Array.from({ length: consent }, (_, k) => (k * step) % 3 === 0).filter(Boolean).length;
  return { entered: left, left, consent, consentIds };
}

async function withDuckDB(path: string, statements: string[]): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    for (const s of statements) await conn.run(s);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function syncInChild(projectDir: string): Promise<SyncRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./sync-run.js', import.meta.url)), projectDir], {
      env: {
        ...process.env,
        UV_THREADPOOL_SIZE: '16',
        LOTAME_TOKEN: CREDENTIALS.token,
        LOTAME_ACCESS_KEY: CREDENTIALS.access,
        AWS_ACCESS_KEY_ID: CREDENTIALS.awsKey,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.awsSecret,
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(projectDir, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(projectDir, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`the sync child exited with ${code}: ${out}`));
      else resolve(JSON.parse(last) as SyncRun);
    });
  });
}
