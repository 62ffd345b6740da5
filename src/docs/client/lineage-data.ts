import type { DocsNode } from '../types.js';
import type { LayoutNode } from './layout.js';

/** Tests are left out of the lineage graph: they would double its size and every one is a leaf. */
export const inLineage = (n: Pick<DocsNode, 'kind'>) => n.kind !== 'test';

/** What a node is called on the graph: a source by `source.table`, as in `source()` calls. */
export const lineageLabel = (n: Pick<DocsNode, 'kind' | 'name' | 'sourceName'>) => (n.kind === 'source' ? `${n.sourceName}.${n.name}` : n.name);

export function lineageGraph(nodes: DocsNode[], keep: (id: string) => boolean = () => true): { nodes: LayoutNode[]; edges: [string, string][] } {
  const shown = nodes.filter((n) => inLineage(n) && keep(n.id));
  const ids = new Set(shown.map((n) => n.id));
  const edges: [string, string][] = [];
  for (const n of shown) for (const d of n.dependsOn) if (ids.has(d)) edges.push([d, n.id]);
  return { nodes: shown.map((n) => ({ id: n.id, label: lineageLabel(n) })), edges };
}
