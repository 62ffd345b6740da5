import type { NodeKind } from '../core/nodes.js';
import { select, unmatchedSelectors } from '../graph/index.js';
import type { Manifest } from '../graph/manifest.js';
import type { Command } from './results.js';

export interface SelectionArgs {
  select?: string[];
  exclude?: string[];
}

const KINDS: Record<Command | 'compile' | 'ls' | 'freshness', NodeKind[]> = {
  run: ['model'],
  seed: ['seed'],
  test: ['test'],
  build: ['seed', 'model', 'test'],
  compile: ['model', 'test'],
  ls: ['model', 'seed', 'source', 'test'],
  freshness: ['source'],
};

/** A warning for each --select argument that matches no node, as dbt gives (a typo selects nothing, silently otherwise). */
export function selectionWarnings(manifest: Manifest, args: SelectionArgs): string[] {
  return unmatchedSelectors(manifest.graph, args.select).map((s) => `The selection criterion '${s}' does not match any node`);
}

/** The nodes a command acts on: the selection, the tests it implies (build, test), filtered to the command's kinds. */
export function selectForCommand(manifest: Manifest, command: keyof typeof KINDS, args: SelectionArgs): string[] {
  const ids = select(manifest.graph, {
    select: args.select,
    exclude: args.exclude,
    // as dbt's default: selecting a model selects every test that reads it
    indirectSelection: command === 'build' || command === 'test' ? 'eager' : 'empty',
    resourceTypes: KINDS[command],
  });
  // select() answers in topological order already
  return [...ids].filter((id) => {
    const n = manifest.nodes.get(id)!;
    // ephemeral models are inlined into their dependents, never built
    return !(n.kind === 'model' && n.config.materialized === 'ephemeral' && command !== 'compile' && command !== 'ls');
  });
}
