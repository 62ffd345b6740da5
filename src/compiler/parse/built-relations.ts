import { KeelError } from '../../core/errors.js';
import type { Node } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import type { IdentifierFolding } from '../../engines/identifier-folding.js';

/**
 * Relations the analytics kinds build beside the model's own (see journeyOutputs, segmentOutputs
 * and funnelOutputs in src/materialize; tests/compiler/built-relations.test.ts keeps them equal).
 */
export const KIND_OUTPUT_SUFFIXES: Record<string, readonly string[]> = {
  journey: ['_id_graph'],
  segment: ['_history', '_changes'],
  funnel: ['__steps'],
};

/** Every relation a node creates or replaces, its own first. */
export function relationsBuiltBy(node: Node): Relation[] {
  if (node.kind !== 'model' && node.kind !== 'seed') return [];
  if (!node.relation) return [];
  const suffixes = node.kind === 'model' ? (KIND_OUTPUT_SUFFIXES[node.config.materialized] ?? []) : [];
  return [node.relation, ...suffixes.map((s) => ({ ...node.relation!, identifier: `${node.relation!.identifier}${s}` }))];
}

/**
 * Refuses two nodes that would build the same relation (an alias equal to another model's name,
 * files whose names differ only in case, a journey's `<name>_id_graph` beside a model of that
 * name): one would silently overwrite the other. Names are compared as the engine compares them.
 */
export function checkBuiltRelations(nodes: Node[], fold: IdentifierFolding, defaultDatabase: string | undefined): void {
  const builder = new Map<string, { node: Node; relation: Relation }>();
  for (const node of nodes) {
    if (node.config.enabled === false) continue;
    for (const relation of relationsBuiltBy(node)) {
      const key = [relation.database ?? defaultDatabase ?? '', relation.schema, relation.identifier].map(fold).join('\0');
      const first = builder.get(key);
      if (!first) {
        builder.set(key, { node, relation });
        continue;
      }
      if (first.node.uniqueId === node.uniqueId) {
        throw new KeelError(`Two ${node.kind}s are named '${node.name}': ${first.node.path} and ${node.path}`, {
          location: { file: node.path },
          hint: 'Names of models and seeds are unique in a project (ref() finds them by name): rename one.',
        });
      }
      const shown = [relation.database, relation.schema, relation.identifier].filter(Boolean).join('.');
      const what = (n: Node, r: Relation) =>
        `${n.kind} '${n.name}' (${n.path})${r.identifier === n.relation?.identifier ? '' : ` as its output ${r.identifier}`}`;
      throw new KeelError(`Two nodes build the same relation ${shown}: ${what(first.node, first.relation)} and ${what(node, relation)}`, {
        location: { file: node.path },
        hint: 'Give one of them another name, alias or schema (names that differ only in case are the same relation).',
      });
    }
  }
}
