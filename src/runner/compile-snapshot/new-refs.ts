import type { ModelNode } from '../../core/nodes.js';
import { refKey } from './record.js';
import type { ModelRecord } from './snapshot.js';

/**
 * The record of a model whose edit changed its ref() calls, and nothing else other nodes read,
 * with its new targets and dependencies: every target a model that has a record (enabled, not
 * ephemeral), and no cycle. `all`: every model's record by file, as now. Undefined: compile in
 * full, which resolves (or reports) what this does not know.
 */
export function recordWithNewRefs(node: ModelNode, record: ModelRecord, all: Map<string, ModelRecord>, projectName: string): ModelRecord | undefined {
  const fileOf = new Map<string, string>();
  for (const [file, r] of all) fileOf.set(r.id, file);
  const refs: ModelRecord['refs'] = [];
  const targets: string[] = [];
  for (const call of node.refs) {
    if (call.package !== undefined && call.package !== projectName) return undefined;
    const id = `model.${projectName}.${call.name}`;
    const file = fileOf.get(id);
    const target = file === undefined ? undefined : all.get(file);
    if (!target?.relation) return undefined;
    refs.push({ call: refKey(call), name: call.name, kind: 'model', relation: target.relation });
    if (!targets.includes(id)) targets.push(id);
  }
  // a cycle: the model is among its new targets' ancestors
  const seen = new Set<string>();
  const queue = [...targets];
  while (queue.length) {
    const id = queue.pop()!;
    if (id === node.uniqueId) return undefined;
    if (seen.has(id) || !id.startsWith('model.')) continue;
    seen.add(id);
    const file = fileOf.get(id);
    if (file === undefined) return undefined;
    queue.push(...all.get(file)!.dependsOn);
  }
  // as a full compile resolves them: refs first, then sources (unchanged), each once
  const sources = record.dependsOn.filter((id) => id.startsWith('source.') && !targets.includes(id));
  return { ...record, refs, dependsOn: [...targets, ...sources] };
}
