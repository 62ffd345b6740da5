import type { Node } from '../core/nodes.js';
import type { Engine } from '../engines/engine.js';
import { sideRelations } from '../materialize/context.js';

/**
 * Drops the relation an interrupted build of `node` was filling beside its live one. Runs
 * without the run's abort signal, which has fired by then. The live relation is never touched:
 * it is the old one or, if the swap committed, the new one. A backup (only ever seen mid-swap)
 * is left to the next build, which knows how to finish or undo a swap.
 */
export async function dropSideRelations(engine: Engine, node: Node): Promise<void> {
  if (!node.relation || node.kind === 'source') return;
  const { tmp } = sideRelations(node.relation);
  const found = await engine.getRelation(tmp);
  if (found) await engine.dropRelation(tmp, found.type);
}
