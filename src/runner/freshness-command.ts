import { randomUUID } from 'node:crypto';
import type { SourceNode } from '../core/nodes.js';
import type { Engine } from '../engines/engine.js';
import { writeSourcesJson } from '../artifacts/sources-json.js';
import { checkSourceFreshness, type FreshnessResult } from '../scheduling/freshness/check-source.js';
import { hasFreshness } from '../scheduling/freshness/thresholds.js';
import type { RunRecord } from '../scheduling/history/record.js';
import type { LockOptions } from '../scheduling/lock/target-lock.js';
import { prepareManifest, type Manifest, type PrepareOptions } from '../graph/manifest.js';
import { silentReporter, type Reporter } from './reporter.js';
import type { NodeResult, RunResults } from './results.js';
import { selectForCommand, type SelectionArgs } from './selection.js';
import { withTargetSession } from './target-session.js';

export interface FreshnessOptions extends PrepareOptions, SelectionArgs {
  reporter?: Reporter;
  signal?: AbortSignal;
  engine?: Engine;
  threads?: number;
  /** the clock lags are measured against (default: the system clock) */
  now?: Date;
  lock?: LockOptions;
}

export interface FreshnessRun {
  manifest: Manifest;
  invocationId: string;
  results: FreshnessResult[];
  /** false when a source is past error_after or could not be checked */
  success: boolean;
  path: string;
}

const COMMAND = 'source freshness';

/** `keel source freshness`: max(loaded_at) of every selected source with thresholds, to target/sources.json. */
export async function sourceFreshness(opts: FreshnessOptions): Promise<FreshnessRun> {
  const startedAt = new Date();
  const reporter = opts.reporter ?? silentReporter;
  const manifest = prepareManifest({ ...opts, runStartedAt: startedAt });
  for (const w of manifest.parsed.warnings) reporter.warn(w);
  const sources = selectForCommand(manifest, 'freshness', opts)
    .map((id) => manifest.nodes.get(id) as SourceNode)
    .filter(hasFreshness);
  const threads = opts.threads ?? (manifest.project.target as { threads?: number }).threads ?? 4;
  const invocationId = randomUUID();
  reporter.runStarted({ command: COMMAND, invocationId, total: sources.length, target: manifest.project.targetName, threads });
  const session = { manifest, command: COMMAND, invocationId, threads, reporter, signal: opts.signal, engine: opts.engine, lock: opts.lock };
  const results = await withTargetSession(
    session,
    async (engine) => {
      let started = 0;
      let done = 0;
      const out = await mapConcurrently(sources, threads, async (node) => {
        reporter.nodeStarted(node, ++started, sources.length);
        const r = await checkSourceFreshness(engine, node, opts.now ?? new Date(), opts.signal);
        reporter.nodeFinished(asNodeResult(r), ++done, sources.length);
        return r;
      });
      writeSourcesJson(manifest.project.targetPath, invocationId, out, (Date.now() - startedAt.getTime()) / 1000);
      return out;
    },
    (out) => historyRecord(invocationId, manifest, opts, startedAt, out),
  );
  const success = !results.some((r) => r.status === 'error' || r.status === 'runtime error');
  reporter.runFinished(asRunResults(invocationId, startedAt, results, success));
  return { manifest, invocationId, results, success, path: `${manifest.project.targetPath}/sources.json` };
}

function asNodeResult(r: FreshnessResult): NodeResult {
  return {
    uniqueId: r.uniqueId,
    name: `${r.sourceName}.${r.table}`,
    kind: 'source',
    status: r.status === 'runtime error' ? 'error' : r.status,
    message: r.message,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    executionTime: r.executionTime,
    relation: r.relationName,
  };
}

function asRunResults(invocationId: string, startedAt: Date, results: FreshnessResult[], success: boolean): RunResults {
  const finishedAt = new Date();
  return {
    invocationId,
    command: COMMAND,
    args: {},
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    elapsed: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    results: results.map(asNodeResult),
    success,
  };
}

function historyRecord(invocationId: string, manifest: Manifest, opts: FreshnessOptions, startedAt: Date, results: FreshnessResult[]): RunRecord {
  return {
    invocationId,
    command: COMMAND,
    target: manifest.project.targetName,
    select: opts.select ?? [],
    exclude: opts.exclude ?? [],
    status: opts.signal?.aborted ? 'cancelled' : results.some((r) => r.status === 'error' || r.status === 'runtime error') ? 'failure' : 'success',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    args: { select: opts.select ?? [], exclude: opts.exclude ?? [], target: manifest.project.targetName, now: opts.now?.toISOString() ?? null },
    nodes: results.map((r) => ({
      uniqueId: r.uniqueId,
      name: `${r.sourceName}.${r.table}`,
      resourceType: 'source',
      status: r.status,
      message: r.message,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      executionSeconds: r.executionTime,
    })),
  };
}

async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
