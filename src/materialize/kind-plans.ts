import type { SourceLocation } from '../core/errors.js';
import type { ModelNode, Node, NodeConfig } from '../core/nodes.js';
import type { TargetConfig } from '../project/schema.js';
import { funnelCompiledSql } from './funnel/compiled.js';
import { parseFunnelConfig } from './funnel/config.js';

/**
 * Materializations that plan their own statements from the model's SELECT (funnel; other kinds
 * can join): their config is checked when the project is parsed, so a bad one fails every command
 * like any config error, and `keel compile` shows the statements a build runs. Light on purpose:
 * no driver and no Kysely, so compile stays fast.
 */
interface KindPlan {
  /** throws a KeelError naming `file` when the kind's config is invalid */
  check(config: NodeConfig, file: string): void;
  compiledSql(node: ModelNode, target: TargetConfig): string;
}

const KINDS: Record<string, KindPlan> = {
  funnel: { check: (config, file) => void parseFunnelConfig(config.funnel, file), compiledSql: funnelCompiledSql },
};

export function checkKindConfig(config: NodeConfig, location: SourceLocation | (() => SourceLocation)): void {
  const kind = KINDS[config.materialized];
  // the location may be costly to find (a YAML line): only for the kinds that check
  if (kind) kind.check(config, (typeof location === 'function' ? location() : location).file);
}

/** The node as `keel compile` writes it: for these kinds, with the generated statements as its compiled SQL. */
export function withGeneratedSql<N extends Node>(node: N, target: TargetConfig): N {
  const kind = KINDS[node.config.materialized];
  if (!kind || node.kind !== 'model' || node.compiledSql === undefined || !node.relation) return node;
  return { ...node, compiledSql: kind.compiledSql(node, target) };
}
