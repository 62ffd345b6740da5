import { randomUUID } from 'node:crypto';
import { KeelError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { ExecutionQueue, runQueue, type NodeOutcome } from '../graph/index.js';
import { writeRunArtifacts } from '../artifacts/write.js';
import { lockProviderFor, type LockOptions } from '../scheduling/lock/target-lock.js';
import { deferUnbuiltParents } from '../state/defer.js';
import { loadState } from '../state/load-state.js';
import { withStateSelectors } from '../state/selector.js';
import { executeNode } from './execute-node.js';
import { recordKilledRun } from './killed-run.js';
import { prepareManifest, type Manifest, type PrepareOptions } from '../graph/manifest.js';
import { silentReporter, type Reporter } from './reporter.js';
import { withFreshnessChecks } from './require-fresh.js';
import { FAILED_STATUSES, type Command, type NodeResult, type RunResults } from './results.js';
import { runRecord } from './run-record.js';
import { clearRunProgress, markRunStarted, recordNodeProgress } from './run-progress.js';
import { selectForCommand, selectionWarnings, type SelectionArgs } from './selection.js';
import { withTargetSession } from './target-session.js';

export interface InvokeOptions extends PrepareOptions, SelectionArgs {
  command: Command;
  threads?: number;
  fullRefresh?: boolean;
  reporter?: Reporter;
  signal?: AbortSignal;
  /** reuse an engine (tests); otherwise one is opened and closed here */
  engine?: Engine;
  /** `keel retry`: exactly these nodes, instead of evaluating select/exclude again */
  nodeIds?: string[];
  /** `keel retry`: the invocation whose failures this run retries */
  retryOf?: string;
  /** --state: a directory with the manifest.json of an earlier run, for state: selectors and --defer */
  state?: string;
  /** --defer: refs to unselected nodes not built in this target read the state's relations */
  defer?: boolean;
  /** --require-fresh: nothing downstream of a source past its error_after is built */
  requireFresh?: boolean;
  /** the clock freshness is measured against (default: the system clock) */
  freshnessNow?: Date;
  lock?: LockOptions;
}

const NOT_STARTED = 'not started: the run was cancelled';
const outcomeOf = (r: NodeResult): NodeOutcome => (r.status === 'cancelled' ? 'error' : r.status);

/** Runs `run`, `build`, `seed` or `test`: selects, orders, executes, writes artifacts. */
export async function invoke(opts: InvokeOptions): Promise<{ results: RunResults; manifest: Manifest }> {
  const startedAt = new Date();
  const reporter = opts.reporter ?? silentReporter;
  const manifest = prepareManifest({ ...opts, runStartedAt: startedAt });
  for (const w of manifest.parsed.warnings) reporter.warn(w);
  if (opts.defer && !opts.state) throw new KeelError('--defer needs --state <dir>: the manifest.json whose relations unbuilt refs read');
  const state = opts.state ? loadState(opts.state) : undefined;
  let ids = opts.nodeIds
    ? knownNodes(manifest, opts.nodeIds, reporter)
    : withStateSelectors(manifest, state, () => {
        for (const w of selectionWarnings(manifest, opts)) reporter.warn(w);
        return selectForCommand(manifest, opts.command, opts);
      });
  if (opts.requireFresh) ids = withFreshnessChecks(manifest, ids);
  const threads = opts.threads ?? (manifest.project.target as { threads?: number }).threads ?? 4;
  const invocationId = randomUUID();
  reporter.runStarted({ command: opts.command, invocationId, total: ids.length, target: manifest.project.targetName, threads });

  const args = {
    select: opts.select ?? [],
    exclude: opts.exclude ?? [],
    target: manifest.project.targetName,
    threads,
    full_refresh: opts.fullRefresh ?? false,
    vars: opts.vars ?? {},
    state: state?.dir ?? null,
    defer: opts.defer ?? false,
    require_fresh: opts.requireFresh ?? false,
    ...(opts.retryOf ? { retry_of: opts.retryOf } : {}),
  };
  const { targetPath } = manifest.project;
  const session = { manifest, command: opts.command, invocationId, threads, reporter, signal: opts.signal, engine: opts.engine, lock: opts.lock };
  const runResults = await withTargetSession(
    session,
    async (engine) => {
      await recordKilledRun(engine, manifest, lockProviderFor(manifest.project, engine) !== undefined, reporter);
      const nodes = ids.map((id) => manifest.nodes.get(id)!);
      markRunStarted({ targetPath, invocationId, command: opts.command, args, startedAt: startedAt.toISOString(), nodes });
      if (opts.defer && state) {
        const deferred = await deferUnbuiltParents(manifest, new Set(ids), state, engine);
        for (const d of deferred)
          reporter.info?.(`Deferring ${d.name} to ${manifest.quoting.quoteRelation(d.relation)} (not built in target ${manifest.project.targetName})`);
      }
      const progress = (r: NodeResult) => recordNodeProgress(targetPath, invocationId, r);
      const results = await runNodes(manifest, ids, engine, threads, opts, reporter, progress);
      const finishedAt = new Date();
      const ordered = ids.map((id) => results.get(id)!);
      const run: RunResults = {
        invocationId,
        command: opts.command,
        args,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        elapsed: (finishedAt.getTime() - startedAt.getTime()) / 1000,
        results: ordered,
        success: !ordered.some((r) => FAILED_STATUSES.has(r.status)),
      };
      // written under the lock: the next build (or a retry) waiting for it reads this run's results
      writeRunArtifacts(manifest, run);
      clearRunProgress(targetPath);
      return run;
    },
    (run) => runRecord(run, opts.signal?.aborted ?? false),
  );
  reporter.runFinished(runResults);
  return { results: runResults, manifest };
}

async function runNodes(
  manifest: Manifest,
  ids: string[],
  engine: Engine,
  threads: number,
  opts: InvokeOptions,
  reporter: Reporter,
  progress: (r: NodeResult) => void,
): Promise<Map<string, NodeResult>> {
  const results = new Map<string, NodeResult>();
  let done = 0;
  const schemas = new Set(
    ids
      .map((id) => manifest.nodes.get(id)!)
      .filter((n) => n.kind !== 'test' && n.kind !== 'source' && n.relation)
      .map((n) => n.relation!.schema),
  );
  for (const s of schemas) await engine.ensureSchema(s);

  const queue = new ExecutionQueue(manifest.graph, ids, { testsBlockDownstream: opts.command === 'build' });
  const freshness = opts.requireFresh ? { now: () => opts.freshnessNow ?? new Date() } : undefined;
  let started = 0;
  await runQueue(
    queue,
    threads,
    async (id) => {
      const node = manifest.nodes.get(id)!;
      reporter.nodeStarted(node, ++started, ids.length);
      const result = await executeNode(node, {
        engine,
        manifest,
        fullRefresh: opts.fullRefresh ?? false,
        signal: opts.signal,
        debug: (m) => reporter.debug(m),
        freshness,
      });
      results.set(id, result);
      progress(result);
      reporter.nodeFinished(result, ++done, ids.length);
      return outcomeOf(result);
    },
    {
      signal: opts.signal,
      onSkipped: (skipped) => {
        for (const s of skipped) {
          const node = manifest.nodes.get(s.id)!;
          const cause = results.get(s.failedId);
          const r: NodeResult =
            cause?.status === 'cancelled'
              ? { uniqueId: s.id, name: node.name, kind: node.kind, status: 'cancelled', message: NOT_STARTED, executionTime: 0 }
              : // a stale source says which source, how late and which threshold: that is the reason
                {
                  uniqueId: s.id,
                  name: node.name,
                  kind: node.kind,
                  status: 'skipped',
                  message: cause?.kind === 'source' ? `skipped: ${cause.message}` : s.reason,
                  executionTime: 0,
                };
          results.set(s.id, r);
          progress(r);
          reporter.nodeFinished(r, ++done, ids.length);
        }
      },
    },
  );
  for (const id of ids) {
    if (!results.has(id)) {
      const node = manifest.nodes.get(id)!;
      results.set(id, { uniqueId: id, name: node.name, kind: node.kind, status: 'cancelled', message: NOT_STARTED, executionTime: 0 });
    }
  }
  return results;
}

/**
 * The retried nodes that still exist and can run. Sources are left out: with --require-fresh
 * the checks above the retried nodes join again, and are run against the clock of now.
 */
function knownNodes(manifest: Manifest, ids: string[], reporter: Reporter): string[] {
  const gone = ids.filter((id) => !manifest.nodes.has(id));
  if (gone.length) reporter.warn(`not in the project any more, not retried: ${gone.join(', ')}`);
  const runnable = ids.filter((id) => {
    const n = manifest.nodes.get(id);
    return n && n.kind !== 'source' && !(n.kind === 'model' && n.config.materialized === 'ephemeral');
  });
  return manifest.graph.topologicalOrder(runnable);
}
