import type { Node } from '../../core/nodes.js';
import { buildGraph } from '../../graph/build.js';
import type { KeelGraph } from '../../graph/keel-graph.js';
import { select } from '../../graph/select.js';
import type { DocsNode } from '../types.js';

/**
 * keel's own DAG and selector code, run in the browser over the docs' nodes, so a selector
 * typed into the lineage page means exactly what it means to `keel ls --select`.
 */
export class DocsSelection {
  private readonly graph: KeelGraph;

  constructor(nodes: DocsNode[]) {
    this.graph = buildGraph(nodes.map(asNode));
  }

  /** Ids matching `--select` / `--exclude` (empty select: everything); throws a KeelError on a bad selector. */
  select(selectArgs: string, excludeArgs = ''): Set<string> {
    return select(this.graph, { select: words(selectArgs), exclude: words(excludeArgs), indirectSelection: 'empty' });
  }

  ancestors(id: string): Set<string> {
    return this.graph.ancestors(id);
  }

  descendants(id: string): Set<string> {
    return this.graph.descendants(id);
  }
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** The fields the graph and the selector methods read; the SQL and the rest stay in the DocsNode. */
function asNode(n: DocsNode): Node {
  const base = {
    uniqueId: n.id,
    name: n.name,
    path: n.path,
    fqn: n.fqn,
    columns: {},
    config: n.config as Node['config'],
    dependsOn: n.dependsOn,
    checksum: '',
  };
  switch (n.kind) {
    case 'source':
      return { ...base, kind: 'source', sourceName: n.sourceName ?? '' };
    case 'seed':
      return { ...base, kind: 'seed', csvPath: n.path };
    case 'test':
      return {
        ...base,
        kind: 'test',
        testName: n.testName ?? 'singular',
        attachedTo: n.attachedTo ?? undefined,
        columnName: n.columnName ?? undefined,
        args: {},
        rawSql: '',
        refs: [],
        sources: [],
      };
    case 'model':
      return { ...base, kind: 'model', rawSql: '', refs: [], sources: [], varsRead: [], envVarsRead: [], macrosCalled: [] };
  }
}

/** The selector of a node's neighbourhood, `+name+`, in the syntax the CLI takes. */
export function neighbourhoodSelector(n: Pick<DocsNode, 'kind' | 'name' | 'sourceName'>): string {
  return n.kind === 'source' ? `+source:${n.sourceName}.${n.name}+` : `+${n.name}+`;
}
