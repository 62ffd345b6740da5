import type { ModelNode } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import { nameOfFile } from './record-lookup.js';
import { refKey } from './record.js';
import type { ModelRecord } from './snapshot.js';

/**
 * The record of a model file added since the full compile: its refs resolved to the records of the
 * models they name, its sources to the relations models with records read them at. No other node
 * can read it yet (the last compile would have failed), so it closes no cycle, and its level is one
 * above its inputs'. Undefined: a ref to another package, to a name without a record, or a source
 * no recorded model reads; compile in full.
 */
export function addedModelRecord(node: ModelNode, records: Map<string, ModelRecord>, projectName: string): ModelRecord | undefined {
  const byName = new Map<string, ModelRecord>();
  const sourceRelations = new Map<string, Relation>();
  for (const [file, record] of records) {
    byName.set(nameOfFile(file), record);
    for (const s of record.sources) sourceRelations.set(`${s.source}\0${s.table}`, s.relation);
  }
  const refs: ModelRecord['refs'] = [];
  const sources: ModelRecord['sources'] = [];
  // as a full compile resolves them: refs first, then sources, each once
  const dependsOn: string[] = [];
  let level = 0;
  for (const call of node.refs) {
    if (call.package !== undefined && call.package !== projectName) return undefined;
    const target = byName.get(call.name);
    if (!target?.relation) return undefined;
    refs.push({ call: refKey(call), name: call.name, kind: 'model', relation: target.relation });
    if (!dependsOn.includes(target.id)) dependsOn.push(target.id);
    level = Math.max(level, target.level + 1);
  }
  for (const call of node.sources) {
    const relation = sourceRelations.get(`${call.source}\0${call.table}`);
    if (!relation) return undefined;
    sources.push({ source: call.source, table: call.table, relation });
    const id = `source.${projectName}.${call.source}.${call.table}`;
    if (!dependsOn.includes(id)) dependsOn.push(id);
    // a source is of level 0, or 1 when it is a seed's relation
    level = Math.max(level, 2);
  }
  return { id: node.uniqueId, relation: node.relation!, yaml: null, refs, sources, dependsOn, macros: node.macrosCalled, level };
}
