import type { Node } from '../core/nodes.js';
import type { NodeGraph } from './node-graph.js';

/** Read-only view of the project DAG; edges point from a dependency to its dependents. */
export class KeelGraph {
  private readonly rank = new Map<string, number>();
  private readonly nodesInOrder: readonly Node[];

  /** `order` must be a topological order of `raw` (buildGraph computes it once, since it also detects cycles). */
  constructor(
    readonly raw: NodeGraph,
    private readonly order: readonly string[],
  ) {
    order.forEach((id, index) => this.rank.set(id, index));
    this.nodesInOrder = order.map((id) => raw.getNodeAttribute(id, 'node'));
  }

  get size(): number {
    return this.order.length;
  }

  has(id: string): boolean {
    return this.raw.hasNode(id);
  }

  node(id: string): Node {
    if (!this.raw.hasNode(id)) throw new Error(`Unknown node '${id}'`);
    return this.raw.getNodeAttribute(id, 'node');
  }

  /** All nodes, in topological order. */
  nodes(): Node[] {
    return [...this.nodesInOrder];
  }

  /** Direct dependencies. */
  parents(id: string): string[] {
    return this.raw.inNeighbors(id);
  }

  /** Direct dependents. */
  children(id: string): string[] {
    return this.raw.outNeighbors(id);
  }

  /** Transitive dependencies of `ids` up to `depth` generations (unbounded by default), excluding `ids` themselves. */
  ancestors(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, depth, (id, visit) => this.raw.forEachInNeighbor(id, visit));
  }

  /** Transitive dependents of `ids` up to `depth` generations (unbounded by default), excluding `ids` themselves. */
  descendants(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, depth, (id, visit) => this.raw.forEachOutNeighbor(id, visit));
  }

  /** `ids` (all nodes by default) in a deterministic dependency-first order. */
  topologicalOrder(ids?: Iterable<string>): string[] {
    if (ids === undefined) return [...this.order];
    return [...new Set(ids)].sort((a, b) => this.topologicalIndex(a) - this.topologicalIndex(b));
  }

  /** Position in the topological order; a stable priority for schedulers. */
  topologicalIndex(id: string): number {
    const index = this.rank.get(id);
    if (index === undefined) throw new Error(`Unknown node '${id}'`);
    return index;
  }

  private walk(ids: string | Iterable<string>, depth: number | undefined, forEachNext: (id: string, visit: (next: string) => void) => void): Set<string> {
    let frontier = typeof ids === 'string' ? [ids] : [...ids];
    const seen = new Set(frontier);
    const found = new Set<string>();
    for (let generation = 0; frontier.length > 0 && generation < (depth ?? Infinity); generation++) {
      const next: string[] = [];
      for (const id of frontier) {
        forEachNext(id, (neighbor) => {
          if (seen.has(neighbor)) return;
          seen.add(neighbor);
          found.add(neighbor);
          next.push(neighbor);
        });
      }
      frontier = next;
    }
    return found;
  }
}
