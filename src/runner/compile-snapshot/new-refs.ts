import type { ModelNode } from '../../core/nodes.js';
import { refKey } from './record.js';
import type { ModelRecord } from './snapshot.js';

/**
 * The record of a model whose edit changed its ref() calls, and nothing else other nodes read,
 * with its new targets and dependencies. `targets`: the record of each name it refs. Undefined: a
 * ref is to another package; compile in full, which resolves (or reports) it.
 */
export function recordWithNewRefs(node: ModelNode, record: ModelRecord, targets: Map<string, ModelRecord>, projectName: string): ModelRecord | undefined {
  const refs: ModelRecord['refs'] = [];
  const ids: string[] = [];
  for (const call of node.refs) {
    if (call.package !== undefined && call.package !== projectName) return undefined;
    const target = targets.get(call.name)!;
    if (!target.relation) return undefined;
    refs.push({ call: refKey(call), name: call.name, kind: 'model', relation: target.relation });
    if (!ids.includes(target.id)) ids.push(target.id);
  }
  // as a full compile resolves them: refs first, then sources (unchanged), each once
  const sources = record.dependsOn.filter((id) => id.startsWith('source.') && !ids.includes(id));
  return { ...record, refs, dependsOn: [...ids, ...sources] };
}

/**
 * Whether `id` is among the ancestors of `dependencies`, walked in `all` (every model's record by
 * file, as now): the edge would close a cycle. Undefined when an ancestor has no record.
 */
export function leadsBack(id: string, dependencies: string[], all: Map<string, ModelRecord>): boolean | undefined {
  const fileOf = new Map<string, string>();
  for (const [file, r] of all) fileOf.set(r.id, file);
  const seen = new Set<string>();
  const queue = [...dependencies];
  while (queue.length) {
    const next = queue.pop()!;
    if (next === id) return true;
    if (seen.has(next) || !next.startsWith('model.')) continue;
    seen.add(next);
    const file = fileOf.get(next);
    if (file === undefined) return undefined;
    queue.push(...all.get(file)!.dependsOn);
  }
  return false;
}
