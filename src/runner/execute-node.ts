import { KeelError, isKeelError } from '../core/errors.js';
import type { ModelNode, Node, SeedNode, SourceNode, TestNode } from '../core/nodes.js';
import type { Engine } from '../engines/engine.js';
import { isIncrementalRun, materializerFor, type BuildResult } from '../materialize/index.js';
import { checkSourceFreshness } from '../scheduling/freshness/check-source.js';
import { dropSideRelations } from './side-relations.js';
import { runDataTest } from '../testing/run-test.js';
import type { Manifest } from '../graph/manifest.js';
import type { NodeResult, NodeStatus } from './results.js';

export interface ExecuteOptions {
  engine: Engine;
  manifest: Manifest;
  fullRefresh: boolean;
  signal?: AbortSignal;
  debug?: (message: string) => void;
  /** --require-fresh: a source node is a freshness check against this clock */
  freshness?: { now: () => Date };
}

/** An incremental model is rendered again with is_incremental() true when it will run incrementally. */
function sqlFor(node: ModelNode, manifest: Manifest, incremental: boolean): string {
  if (!incremental || node.config.materialized !== 'incremental') return node.compiledSql ?? '';
  const { renderer } = manifest.parsed.context;
  const { sql, capture } = renderer.render({ file: node.path, name: node.name, raw: node.rawSql, baseConfig: node.config, isIncremental: true });
  return manifest.compiler.compile({ ...node, refs: capture.refs, sources: capture.sources }, sql);
}

async function build(node: ModelNode | SeedNode, opts: ExecuteOptions): Promise<BuildResult> {
  const relation = node.relation!;
  const existing = await opts.engine.getRelation(relation);
  const statements: string[] = [];
  const base = { engine: opts.engine, node, relation, existing, fullRefresh: opts.fullRefresh, signal: opts.signal, statements };
  const sql = node.kind === 'model' ? sqlFor(node, opts.manifest, isIncrementalRun(base)) : '';
  try {
    return await materializerFor(node.config.materialized, node.path)({ ...base, sql });
  } finally {
    for (const s of statements) opts.debug?.(`${node.name}: ${s}`);
  }
}

function describeError(err: unknown, node: Node): string {
  if (isKeelError(err)) return err.format();
  const message = err instanceof Error ? err.message : String(err);
  return new KeelError(message, { location: { file: node.path } }).format();
}

/** Runs one node; failures become a result, never an exception. */
export async function executeNode(node: Node, opts: ExecuteOptions): Promise<NodeResult> {
  const started = new Date();
  const finish = (status: NodeStatus, message: string, extra: Partial<NodeResult> = {}): NodeResult => {
    const completed = new Date();
    return {
      uniqueId: node.uniqueId,
      name: node.name,
      kind: node.kind,
      status,
      message,
      startedAt: started.toISOString(),
      completedAt: completed.toISOString(),
      executionTime: (completed.getTime() - started.getTime()) / 1000,
      relation: node.relation ? opts.manifest.quoting.quoteRelation(node.relation) : undefined,
      ...extra,
    };
  };
  try {
    if (node.kind === 'test') {
      const outcome = await runDataTest(opts.engine, node as TestNode, opts.signal);
      return finish(outcome.status, outcome.message, { failures: outcome.failures, stats: outcome.stats });
    }
    if (node.kind === 'source') {
      if (!opts.freshness) return finish('success', 'source');
      const r = await checkSourceFreshness(opts.engine, node as SourceNode, opts.freshness.now(), opts.signal);
      return finish(r.status === 'runtime error' ? 'error' : r.status, r.message);
    }
    const result = await build(node, opts);
    return finish('success', result.message, { rowsAffected: result.rowsAffected, stats: result.stats });
  } catch (err) {
    if (opts.signal?.aborted) {
      // the half-built side relation would otherwise stay visible until the next build
      if (node.kind !== 'test') await dropSideRelations(opts.engine, node).catch(() => {});
      return finish('cancelled', 'cancelled');
    }
    return finish('error', describeError(err, node));
  }
}
