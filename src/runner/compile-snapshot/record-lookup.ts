import type { Node } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import type { SnapshotCheck } from './check.js';
import type { ModelRecord } from './snapshot.js';

/** `models/staging/stg_orders.sql` → `stg_orders`: the name of the model (or seed) a file holds */
export const nameOfFile = (path: string) => path.slice(path.lastIndexOf('/') + 1, path.lastIndexOf('.'));

// per snapshot read: an added model and a ref or test edit in one compile look names up alike
const filesByName = new WeakMap<object, Map<string, string>>();

/** Model name → its file, among the files the snapshot knows as models. */
export function modelFiles(check: SnapshotCheck): Map<string, string> {
  const { inputs } = check.snapshot;
  let files = filesByName.get(inputs);
  if (!files) {
    files = new Map();
    for (const path in inputs) if (inputs[path]![5] === 'model') files.set(nameOfFile(path), path);
    filesByName.set(inputs, files);
  }
  return files;
}

/** The records as they are now: those of the edits since the full compile, then those this compile made (`nodes`). */
export const recordsNow = (check: SnapshotCheck, nodes: Array<{ file: string; record: ModelRecord }>): Record<string, ModelRecord> => ({
  ...check.snapshot.records,
  ...Object.fromEntries(nodes.map((n) => [n.file, n.record])),
});

/** What SqlCompiler reads of a model or seed that is referred to: its name and relation. */
export const refStub = (kind: 'model' | 'seed', name: string, relation: Relation): Node => ({ kind, name, config: {}, relation }) as unknown as Node;

/** What SqlCompiler reads of the nodes a model refers to, as the snapshot recorded them. */
export function stubsFor(record: ModelRecord): Node[] {
  const refs = record.refs.map((r) => refStub(r.kind, r.name, r.relation));
  const sources = record.sources.map((s) => ({ kind: 'source', sourceName: s.source, fqn: ['', s.source, s.table], relation: s.relation }) as unknown as Node);
  return [...refs, ...sources];
}
