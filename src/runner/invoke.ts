import { randomUUID } from 'node:crypto';
import type { Engine } from '../engines/engine.js';
import { createEngine } from '../engines/registry.js';
import { ExecutionQueue, runQueue, type NodeOutcome } from '../graph/index.js';
import { writeRunArtifacts } from '../artifacts/write.js';
import { executeNode } from './execute-node.js';
import { prepareManifest, type Manifest, type PrepareOptions } from './manifest.js';
import { silentReporter, type Reporter } from './reporter.js';
import { FAILED_STATUSES, type Command, type NodeResult, type RunResults } from './results.js';
import { selectForCommand, type SelectionArgs } from './selection.js';

export interface InvokeOptions extends PrepareOptions, SelectionArgs {
  command: Command;
  threads?: number;
  fullRefresh?: boolean;
  reporter?: Reporter;
  signal?: AbortSignal;
  /** reuse an engine (tests); otherwise one is opened and closed here */
  engine?: Engine;
}

const outcomeOf = (r: NodeResult): NodeOutcome => (r.status === 'cancelled' ? 'error' : r.status);

/** Runs `run`, `build`, `seed` or `test`: selects, orders, executes, writes artifacts. */
export async function invoke(opts: InvokeOptions): Promise<{ results: RunResults; manifest: Manifest }> {
  const startedAt = new Date();
  const reporter = opts.reporter ?? silentReporter;
  const manifest = prepareManifest({ ...opts, runStartedAt: startedAt });
  for (const w of manifest.parsed.warnings) reporter.warn(w);
  const ids = selectForCommand(manifest, opts.command, opts);
  const threads = opts.threads ?? (manifest.project.target as { threads?: number }).threads ?? 4;
  const invocationId = randomUUID();
  reporter.runStarted({ command: opts.command, invocationId, total: ids.length, target: manifest.project.targetName, threads });

  const engine = opts.engine ?? await createEngine(manifest.project.target, manifest.project.root, threads);
  const results = new Map<string, NodeResult>();
  let done = 0;
  try {
    if (!opts.engine) await engine.open();
    const schemas = new Set(ids.map((id) => manifest.nodes.get(id)!).filter((n) => n.kind !== 'test' && n.kind !== 'source' && n.relation).map((n) => n.relation!.schema));
    for (const s of schemas) await engine.ensureSchema(s);

    const queue = new ExecutionQueue(manifest.graph, ids, { testsBlockDownstream: opts.command === 'build' });
    let started = 0;
    await runQueue(
      queue,
      threads,
      async (id) => {
        const node = manifest.nodes.get(id)!;
        reporter.nodeStarted(node, ++started, ids.length);
        const result = await executeNode(node, { engine, manifest, fullRefresh: opts.fullRefresh ?? false, signal: opts.signal, debug: (m) => reporter.debug(m) });
        results.set(id, result);
        reporter.nodeFinished(result, ++done, ids.length);
        return outcomeOf(result);
      },
      {
        signal: opts.signal,
        onSkipped: (skipped) => {
          for (const s of skipped) {
            const node = manifest.nodes.get(s.id)!;
            const r: NodeResult = { uniqueId: s.id, name: node.name, kind: node.kind, status: 'skipped', message: s.reason, executionTime: 0 };
            results.set(s.id, r);
            reporter.nodeFinished(r, ++done, ids.length);
          }
        },
      },
    );
  } finally {
    if (!opts.engine) await engine.close();
  }
  for (const id of ids) {
    if (!results.has(id)) {
      const node = manifest.nodes.get(id)!;
      results.set(id, { uniqueId: id, name: node.name, kind: node.kind, status: 'cancelled', message: 'not started: the run was cancelled', executionTime: 0 });
    }
  }
  const ordered = ids.map((id) => results.get(id)!);
  const finishedAt = new Date();
  const runResults: RunResults = {
    invocationId,
    command: opts.command,
    args: { select: opts.select ?? [], exclude: opts.exclude ?? [], target: manifest.project.targetName, threads, full_refresh: opts.fullRefresh ?? false, vars: opts.vars ?? {} },
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    elapsed: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    results: ordered,
    success: !ordered.some((r) => FAILED_STATUSES.has(r.status)),
  };
  writeRunArtifacts(manifest, runResults);
  reporter.runFinished(runResults);
  return { results: runResults, manifest };
}
