import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { writeJsonAtomic } from '../artifacts/write.js';
import { isKeelError, KeelError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { definitionOf } from '../engines/registry.js';
import type { SyncSql } from '../engines/sync-sql.js';
import { prepareManifest, type Manifest, type PrepareOptions } from '../graph/manifest.js';
import { withTargetSession } from '../runner/target-session.js';
import type { LockOptions } from '../scheduling/lock/target-lock.js';
import type { LotameDestination } from '../project/sync-schema.js';
import { deltaInput, planSegment } from './delta/plan-segment.js';
import { countDelta } from './delta/plan-sql.js';
import { deliverRun } from './deliver-run.js';
import { boundEmbeddedMemory, returnFreedPagesSooner, unboundedMemory, type EmbeddedMemory } from './embedded-memory.js';
import { typeDir } from './files/sync-file.js';
import { LotameAdminApi } from './lotame/admin-api.js';
import { resolveBehavior } from './lotame/resolve-behavior.js';
import { silentSyncReporter, type SyncReporter } from './reporter.js';
import { emptyCounts, type RunDelivery, type SegmentResult, type SyncResults } from './results.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../core/retry.js';
import { lotameCredentials, redactor, type LotameCredentials } from './secrets.js';
import { refuseRawPii, resolveSegmentSource } from './segment-source.js';
import { selectSegments, type SelectedSegment } from './select-segments.js';
import { abandonInterruptedPlans, lastFullRefresh, noteRunError, recordFailedRun, runsOf, unfinishedRunIds } from './state/runs.js';
import { ensureSyncTables, type SyncTables } from './state/tables.js';
import type { DEFAULT_UPLOAD, S3Uploader } from '../engines/aws-s3-uploader.js';

export interface SyncOptions extends PrepareOptions {
  select?: string[];
  exclude?: string[];
  /** compute and print what would be sent; write nothing */
  dryRun?: boolean;
  /** send every current member of the selected segments, not only the changes */
  full?: boolean;
  reporter?: SyncReporter;
  /** reuse an open engine (tests); otherwise one is opened and closed here */
  engine?: Engine;
  /** the target's build lock: a sync never reads a segment while a build replaces it */
  lock?: LockOptions;
  /** tests and benchmarks: faster retries, smaller multipart parts */
  tuning?: { retry?: Partial<RetryPolicy>; upload?: Partial<typeof DEFAULT_UPLOAD> };
}

interface Context {
  manifest: Manifest;
  engine: Engine;
  memory: EmbeddedMemory;
  dest: LotameDestination;
  db: Kysely<SyncTables>;
  schema: string;
  f: SyncSql;
  endpoint: string;
  delivery: 's3' | 'outbox';
  env: NodeJS.ProcessEnv;
  redact: (s: string) => string;
  reporter: SyncReporter;
  retry: RetryPolicy;
  uploader: S3Uploader | null;
  localRoot: string;
  results: SyncResults;
}

/**
 * `keel sync`: pushes the selected segments to Lotame. An unfinished run (crash, failed upload)
 * is completed first, and alone, so a rerun ends in exactly the state an uninterrupted run would
 * have. Otherwise each segment gets its behavior, its delta is pinned in the warehouse, and the
 * run's files are delivered (S3 with credentials, the local outbox without).
 */
export async function runSync(opts: SyncOptions): Promise<SyncResults> {
  const started = new Date();
  const env = opts.env ?? process.env;
  const redact = redactor(env);
  const reporter = opts.reporter ?? silentSyncReporter;
  const manifest = prepareManifest({ ...opts, runStartedAt: started });
  const dest = manifest.project.file.destinations?.lotame;
  if (!dest) {
    throw new KeelError('project.yml has no Lotame destination to sync to', {
      location: { file: 'project.yml' },
      hint: 'Add destinations: {lotame: {client_id: <your Lotame client id>}} to project.yml.',
    });
  }
  const credentials = lotameCredentials(env);
  const delivery = credentials ? 's3' : 'outbox';
  const endpoint = credentials ? `s3://${dest.bucket}/${typeDir(dest.prefix, dest.client_id, 'DATA').replace(/\/type=DATA$/, '')}` : 'outbox';
  const segments = selectSegments(manifest, opts);
  const retry = { ...DEFAULT_RETRY, maxAttempts: dest.max_attempts, ...opts.tuning?.retry };
  const localRoot =
    delivery === 'outbox' ? join(manifest.project.targetPath, 'outbox', 'lotame', dest.bucket) : join(manifest.project.targetPath, 'sync', 'staging');

  const results: SyncResults = {
    invocationId: randomUUID(),
    endpoint,
    delivery,
    localRoot,
    dryRun: !!opts.dryRun,
    runs: [],
    segments: [],
    success: true,
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    elapsed: 0,
  };
  const note = (m: string) => reporter.note(m);
  const session = {
    manifest,
    command: 'sync',
    invocationId: results.invocationId,
    threads: 4,
    reporter: { warn: note, info: note },
    engine: opts.engine,
    lock: opts.lock,
  };
  if (!opts.engine && definitionOf(manifest.project.target).capabilities.embedded) returnFreedPagesSooner();
  await withTargetSession(session, async (engine) => {
    // tests hand in their engine: its settings are theirs
    const memory = opts.engine ? unboundedMemory : await boundEmbeddedMemory(engine, env, note);
    const ctx: Context = {
      manifest,
      engine,
      memory,
      dest,
      db: engine.db as Kysely<SyncTables>,
      schema: (manifest.project.target as { schema: string }).schema,
      f: engine.syncSql,
      endpoint,
      delivery,
      env,
      redact,
      reporter,
      retry,
      uploader: credentials && !opts.dryRun ? await uploaderFor(dest, retry, opts, reporter, redact) : null,
      localRoot,
      results,
    };
    reporter.started({ endpoint, delivery, segments: segments.map((s) => s.node.name), dryRun: !!opts.dryRun });
    await ensureSyncTables(engine, ctx.schema, ctx.f);
    if (!opts.dryRun) await abandonInterruptedPlans(ctx.db, ctx.schema, endpoint);

    const unfinished = opts.dryRun ? [] : await unfinishedRunIds(ctx.db, ctx.schema, endpoint);
    if (unfinished.length) {
      reporter.note(
        `completing ${unfinished.length} interrupted run${unfinished.length === 1 ? '' : 's'} first (${unfinished.join(', ')}); sync again for changes since`,
      );
      for (const runId of unfinished) await deliver(ctx, runId, true);
    } else if (!segments.length) {
      reporter.note('no selected model has a sync.lotame config');
    } else {
      const api = credentials ? adminApi(dest, credentials, retry, reporter, redact) : null;
      const runId = newRunId(started);
      const planned: string[] = [];
      for (const s of segments) {
        const r = await syncSegment(ctx, api, s, runId, opts);
        results.segments.push(r);
        if (r.status === 'planned') planned.push(r.segment);
        if (r.status !== 'planned') reporter.segment(r);
      }
      if (planned.length && !opts.dryRun) await deliver(ctx, runId, false);
    }
  });
  const finished = new Date();
  results.finishedAt = finished.toISOString();
  results.elapsed = (finished.getTime() - started.getTime()) / 1000;
  results.success = results.segments.every((s) => s.status !== 'failed') && results.runs.every((r) => r.status === 'acknowledged');
  // a dry run records nothing: the last real sync's results stay what the docs site shows
  if (!opts.dryRun) writeResults(manifest, results);
  reporter.finished(results);
  return results;
}

/** One segment up to a pinned plan; a problem stops this segment only and is recorded. */
async function syncSegment(ctx: Context, api: LotameAdminApi | null, s: SelectedSegment, runId: string, opts: SyncOptions): Promise<SegmentResult> {
  const startedAt = new Date();
  const result: SegmentResult = {
    segment: s.node.name,
    uniqueId: s.node.uniqueId,
    runId,
    status: 'failed',
    mode: null,
    behavior: null,
    counts: emptyCounts(),
    message: null,
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
  };
  try {
    const source = await resolveSegmentSource(ctx.engine, s.node, s.config);
    await refuseRawPii(ctx.db, ctx.f, source);
    const resolved = await resolveBehavior(api, ctx.dest, s.node.name, s.config, !!opts.dryRun);
    result.behavior = resolved.behavior;
    if (resolved.audience) result.audience = resolved.audience;
    const mode = await modeFor(ctx, s, !!opts.full);
    result.mode = mode;
    if (opts.dryRun) {
      const counts = await countDelta(ctx.db, ctx.schema, ctx.f, deltaInput({ runId, endpoint: ctx.endpoint, source, mode }), 'live');
      result.counts = segmentCounts(counts);
      result.status = 'dry_run';
      result.message = resolved.note ?? null;
    } else {
      const counts = await ctx.memory.retryOnOom(
        () => planSegment(ctx.db, ctx.schema, ctx.f, { runId, endpoint: ctx.endpoint, source, behavior: resolved.behavior, mode, startedAt }),
        'plan',
      );
      result.counts = segmentCounts(counts);
      result.status = 'planned';
    }
  } catch (e) {
    result.status = 'failed';
    result.message = ctx.redact(messageOf(e));
    if (!opts.dryRun) {
      await recordFailedRun(ctx.db, ctx.schema, {
        run_id: runId,
        endpoint: ctx.endpoint,
        segment: s.node.name,
        model_id: s.node.uniqueId,
        behavior_name: result.behavior?.name ?? s.config.behavior ?? s.node.name,
        message: result.message,
        started_at: startedAt,
      });
    }
  }
  result.finishedAt = new Date().toISOString();
  return result;
}

/** Full when asked, on the first run, or when the last full run is older than `full_refresh_days`. */
async function modeFor(ctx: Context, s: SelectedSegment, full: boolean): Promise<'full' | 'delta'> {
  if (full) return 'full';
  const last = await lastFullRefresh(ctx.db, ctx.schema, ctx.endpoint, s.node.name);
  if (!last) return 'full';
  const days = s.config.full_refresh_days;
  return days !== undefined && Date.now() - last.getTime() >= days * 86_400_000 ? 'full' : 'delta';
}

/** Delivers a planned run and reports each of its segments; an upload failure leaves it planned for the next sync. */
async function deliver(ctx: Context, runId: string, resumed: boolean): Promise<void> {
  const layout = {
    runId,
    prefix: ctx.dest.prefix,
    clientId: ctx.dest.client_id,
    maxRowsPerFile: ctx.dest.max_rows_per_file,
    root: ctx.uploader ? join(ctx.localRoot, runId) : ctx.localRoot,
  };
  mkdirSync(layout.root, { recursive: true });
  let run: RunDelivery;
  try {
    run = await ctx.memory.retryOnOom(
      () =>
        deliverRun({
          engine: ctx.engine,
          db: ctx.db,
          schema: ctx.schema,
          f: ctx.f,
          runId,
          endpoint: ctx.endpoint,
          layout,
          uploader: ctx.uploader,
          env: ctx.env,
          resumed,
          record: (r) => writeResults(ctx.manifest, { ...ctx.results, runs: [...ctx.results.runs, r] }),
        }),
      'deliver',
    );
  } catch (e) {
    const message = ctx.redact(`${messageOf(e)}; nothing was acknowledged, the next keel sync completes run ${runId}`);
    await noteRunError(ctx.db, ctx.schema, runId, message);
    run = { runId, status: 'planned', resumed, dataLines: 0, optoutLines: 0, files: [], message };
  }
  ctx.results.runs.push(run);
  const rows = await runsOf(ctx.db, ctx.schema, runId);
  for (const row of rows) {
    if (row.status === 'failed' || row.status === 'planning') continue;
    const existing = ctx.results.segments.find((s) => s.segment === row.segment && s.runId === runId);
    const r: SegmentResult = {
      segment: row.segment,
      uniqueId: row.model_id,
      runId,
      status: row.status,
      mode: row.mode,
      behavior: existing?.behavior ?? { name: row.behavior_name, id: row.behavior_id, created: false },
      ...(existing?.audience ? { audience: existing.audience } : {}),
      counts: { members: row.members, adds: row.adds, removes: row.removes, optouts: row.optouts, unchanged: row.unchanged, invalidIds: row.invalid_ids },
      message: row.message,
      startedAt: existing?.startedAt ?? new Date(row.started_at).toISOString(),
      finishedAt: new Date(row.finished_at ?? Date.now()).toISOString(),
    };
    if (existing) Object.assign(existing, r);
    else ctx.results.segments.push(r);
    ctx.reporter.segment(r);
  }
  ctx.reporter.run(run);
}

function adminApi(
  dest: LotameDestination,
  credentials: LotameCredentials,
  retry: RetryPolicy,
  reporter: SyncReporter,
  redact: (s: string) => string,
): LotameAdminApi {
  return new LotameAdminApi({ baseUrl: dest.api_url, credentials, timeoutMs: dest.timeout_seconds * 1000, retry, onRetry: (m) => reporter.note(redact(m)) });
}

async function uploaderFor(
  dest: LotameDestination,
  retry: RetryPolicy,
  opts: SyncOptions,
  reporter: SyncReporter,
  redact: (s: string) => string,
): Promise<S3Uploader> {
  // the AWS SDK loads only for a real upload: the outbox (demo) does without it
  const [{ onboardingS3Client }, { DEFAULT_UPLOAD, S3Uploader }] = await Promise.all([
    import('./transport/s3-client.js'),
    import('../engines/aws-s3-uploader.js'),
  ]);
  const timeoutMs = dest.timeout_seconds * 1000;
  const client = await onboardingS3Client(dest, timeoutMs);
  return new S3Uploader(client, { bucket: dest.bucket, retry, timeoutMs, ...DEFAULT_UPLOAD, ...opts.tuning?.upload, onRetry: (m) => reporter.note(redact(m)) });
}

/** `20250614T101500123Z_1a2b`: sorts in start order to the millisecond (two syncs can start within a second); the suffix keeps it unique. */
function newRunId(at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace('.', '')}_${randomBytes(2).toString('hex')}`;
}

function messageOf(e: unknown): string {
  if (isKeelError(e)) return e.format();
  return e instanceof Error ? e.message : String(e);
}

function writeResults(manifest: Manifest, results: SyncResults): void {
  mkdirSync(manifest.project.targetPath, { recursive: true });
  writeJsonAtomic(join(manifest.project.targetPath, 'sync_results.json'), {
    metadata: { invocation_id: results.invocationId, command: 'sync', generated_at: new Date().toISOString() },
    ...results,
  });
}

/** The counts a segment's result reports, from a plan's or a dry run's (which carry more). */
function segmentCounts(c: SegmentResult['counts']): SegmentResult['counts'] {
  return { members: c.members, adds: c.adds, removes: c.removes, optouts: c.optouts, unchanged: c.unchanged, invalidIds: c.invalidIds };
}
