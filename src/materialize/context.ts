import type { ModelNode, SeedNode } from '../core/nodes.js';
import type { ExistingRelation, Relation } from '../core/relation.js';
import type { TableOptions } from '../engines/statement-sql.js';
import type { BuildStepOptions, Engine, QueryResult, QueryStats } from '../engines/engine.js';

export interface BuildContext {
  engine: Engine;
  node: ModelNode | SeedNode;
  relation: Relation;
  /** compiled SQL of the model (for incremental models, rendered with is_incremental() as it applies) */
  sql: string;
  existing: ExistingRelation | null;
  fullRefresh: boolean;
  signal?: AbortSignal;
  /** every statement run, in order (logged with --debug, asserted by tests) */
  statements: string[];
}

export interface BuildResult {
  rowsAffected?: number;
  message: string;
  stats?: QueryStats;
}

/** Runs one statement and records it. */
export async function run(ctx: BuildContext, sql: string): Promise<QueryResult> {
  ctx.statements.push(sql);
  return ctx.engine.execute(sql, { signal: ctx.signal, label: ctx.node.uniqueId });
}

/** Runs statements in one transaction and records them. */
export async function atomically(ctx: BuildContext, sqls: string[]): Promise<void> {
  ctx.statements.push(...sqls);
  await ctx.engine.transaction(sqls, { signal: ctx.signal, label: ctx.node.uniqueId });
}

/** Options for a build step the engine runs: run()'s signal and label, statements recorded. */
export function stepOptions(ctx: BuildContext, extra: TableOptions = {}): BuildStepOptions {
  return { signal: ctx.signal, label: ctx.node.uniqueId, log: (s) => ctx.statements.push(s), ...extra };
}

/** CREATE TABLE AS with the node's table properties. */
export function createTableAs(ctx: BuildContext, rel: Relation, selectSql: string): Promise<QueryResult> {
  return ctx.engine.createTableAs(rel, selectSql, stepOptions(ctx, { config: ctx.node.config }));
}

/** Names of the side relations a build uses; a leftover from a killed run is dropped before reuse. */
export function sideRelations(rel: Relation): { tmp: Relation; backup: Relation } {
  return {
    tmp: { ...rel, identifier: `${rel.identifier}__keel_tmp` },
    backup: { ...rel, identifier: `${rel.identifier}__keel_backup` },
  };
}

export function addStats(a: QueryStats | undefined, b: QueryStats | undefined): QueryStats | undefined {
  if (!a) return b;
  if (!b) return a;
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  return { bytesScanned: sum(a.bytesScanned, b.bytesScanned), engineMs: sum(a.engineMs, b.engineMs), costUsd: sum(a.costUsd, b.costUsd) };
}
