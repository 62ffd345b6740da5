import type { Node, TestNode } from '../../core/nodes.js';
import type { ColumnInfo } from '../../engines/engine.js';
import type { Manifest } from '../../graph/manifest.js';
import type { DocsColumn, DocsNode, LastRun } from '../types.js';

export interface CatalogInputs {
  /** node id → the relation's columns in the warehouse; absent when not introspected or not built */
  warehouseColumns: Map<string, ColumnInfo[]>;
  runResults: Map<string, LastRun>;
}

/** Every enabled node as the site shows it, in the project's topological order. */
export function catalogNodes(m: Manifest, inputs: CatalogInputs): DocsNode[] {
  const testsOf = testsByNode(m);
  return m.graph.nodes().map((node) => docsNode(m, node, testsOf.get(node.uniqueId) ?? [], inputs));
}

function docsNode(m: Manifest, node: Node, tests: TestNode[], inputs: CatalogInputs): DocsNode {
  const entry: DocsNode = {
    id: node.uniqueId,
    kind: node.kind,
    name: node.name,
    path: node.path,
    fqn: node.fqn,
    description: node.description || (node.kind === 'test' ? testSummary(m, node) : ''),
    tags: node.config.tags ?? [],
    materialized: node.kind === 'model' || node.kind === 'seed' ? String(node.config.materialized) : null,
    owner: ownerOf(node),
    relation: node.relation && node.kind !== 'test' ? m.quoting.quoteRelation(node.relation) : null,
    config: node.config,
    dependsOn: node.dependsOn,
    columns: columnsOf(node, tests, inputs.warehouseColumns.get(node.uniqueId)),
    tests: tests.map((t) => t.uniqueId),
    compiledSql: node.kind === 'model' || node.kind === 'test' ? (node.compiledSql ?? null) : null,
    rawSql: node.kind === 'model' || node.kind === 'test' ? node.rawSql : null,
    lastRun: inputs.runResults.get(node.uniqueId) ?? null,
  };
  if (node.kind === 'source') entry.sourceName = node.sourceName;
  if (node.kind === 'test') {
    entry.testName = node.testName;
    entry.attachedTo = node.attachedTo ?? null;
    entry.columnName = node.columnName ?? null;
    entry.severity = node.config.severity ?? 'error';
  }
  return entry;
}

/** What an undocumented test checks, for the catalog: `unique: order_id of fct_orders`. */
function testSummary(m: Manifest, t: TestNode): string {
  const on = t.attachedTo ? m.nodes.get(t.attachedTo)?.name : undefined;
  if (t.testName === 'singular') return `singular test reading ${t.dependsOn.map((id) => m.nodes.get(id)?.name ?? id).join(', ')}`;
  return `${t.testName}${t.columnName ? `: ${t.columnName}` : ''}${on ? ` of ${on}` : ''}`;
}

/** `config.owner` wins over `meta.owner` (config is the more specific layer); meta may sit on the node or in its config. */
function ownerOf(node: Node): string | null {
  const candidates = [node.config.owner, (node.config.meta as Record<string, unknown> | undefined)?.owner, node.meta?.owner];
  const owner = candidates.find((c) => typeof c === 'string' && c.trim() !== '');
  return (owner as string | undefined) ?? null;
}

/** Tests by the node they read: a generic test's model, or every node a singular test depends on. */
function testsByNode(m: Manifest): Map<string, TestNode[]> {
  const out = new Map<string, TestNode[]>();
  for (const node of m.graph.nodes()) {
    if (node.kind !== 'test') continue;
    const targets = node.attachedTo ? [node.attachedTo] : node.dependsOn;
    for (const id of targets) out.set(id, [...(out.get(id) ?? []), node]);
  }
  return out;
}

/**
 * The warehouse's columns in their order, with the YAML's descriptions; YAML columns the
 * relation lacks come after, flagged, since that is usually a typo or a stale doc.
 */
function columnsOf(node: Node, tests: TestNode[], warehouse: ColumnInfo[] | undefined): DocsColumn[] {
  const documented = new Map(Object.values(node.columns).map((c) => [c.name.toLowerCase(), c]));
  const testsOn = (name: string) => tests.filter((t) => t.columnName?.toLowerCase() === name.toLowerCase()).map((t) => t.uniqueId);
  const cols: DocsColumn[] = [];
  const seen = new Set<string>();
  for (const c of warehouse ?? []) {
    const doc = documented.get(c.name.toLowerCase());
    seen.add(c.name.toLowerCase());
    cols.push({ name: c.name, type: c.type, description: doc?.description ?? '', inWarehouse: true, tests: testsOn(c.name) });
  }
  for (const doc of documented.values()) {
    if (seen.has(doc.name.toLowerCase())) continue;
    cols.push({
      name: doc.name,
      type: doc.data_type ?? null,
      description: doc.description ?? '',
      inWarehouse: warehouse ? false : null,
      tests: testsOn(doc.name),
    });
  }
  return cols;
}
