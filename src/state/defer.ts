import { SqlCompiler } from '../compiler/compile.js';
import type { Node } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import type { Engine } from '../engines/engine.js';
import type { Manifest } from '../graph/manifest.js';
import type { PreviousState } from './load-state.js';

export interface Deferral {
  uniqueId: string;
  name: string;
  /** the relation recorded in the state's manifest, read instead of this target's */
  relation: Relation;
}

const isEphemeral = (n: Node) => n.kind === 'model' && n.config.materialized === 'ephemeral';

/**
 * `--defer`: a model or seed the selected nodes read, that is not selected and not built in this
 * target, is read from where the state's run built it (usually production), as dbt does. The
 * selected models and tests are compiled again against those relations.
 */
export async function deferUnbuiltParents(manifest: Manifest, selected: ReadonlySet<string>, state: PreviousState, engine: Engine): Promise<Deferral[]> {
  const deferrals: Deferral[] = [];
  for (const id of readButNotSelected(manifest, selected)) {
    const node = manifest.nodes.get(id)!;
    const recorded = state.nodes.get(id)?.relation;
    if (!recorded || !node.relation) continue;
    if (await engine.getRelation(node.relation)) continue;
    deferrals.push({ uniqueId: id, name: node.name, relation: recorded });
  }
  if (deferrals.length > 0) recompile(manifest, selected, new Map(deferrals.map((d) => [d.uniqueId, d.relation])));
  return deferrals;
}

/** Models and seeds read by selected nodes, looking through ephemeral models (inlined, so their inputs are read too). */
function readButNotSelected(manifest: Manifest, selected: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const parent of manifest.graph.parents(id)) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      const node = manifest.nodes.get(parent)!;
      if (isEphemeral(node)) visit(parent);
      else if ((node.kind === 'model' || node.kind === 'seed') && !selected.has(parent)) found.add(parent);
    }
  };
  for (const id of selected) visit(id);
  return manifest.graph.topologicalOrder(found);
}

function recompile(manifest: Manifest, selected: ReadonlySet<string>, deferred: Map<string, Relation>): void {
  const nodes = [...manifest.nodes.values()].map((n) => (deferred.has(n.uniqueId) ? ({ ...n, relation: deferred.get(n.uniqueId) } as Node) : n));
  const compiler = new SqlCompiler(nodes, manifest.quoting.quoteRelation, manifest.quoting.quoteIdentifier);
  for (const id of selected) {
    const node = manifest.nodes.get(id)!;
    if (node.kind === 'model' || node.kind === 'test') node.compiledSql = compiler.compile(node);
  }
  // incremental models are rendered again at run time; they must resolve refs the same way
  manifest.compiler = compiler;
}
