import type { Node } from '../core/nodes.js';
import type { NodeGraph } from './node-graph.js';

/** Read-only view of the project DAG; edges point from a dependency to its dependents. */
export class KeelGraph {
  /** position in the topological order, by node index */
  private readonly rank: Int32Array;
  private readonly order: readonly string[];
  private readonly nodesInOrder: readonly Node[];

  /** `order` (node indices) must be a topological order of `raw` (buildGraph computes it once, since it also detects cycles). */
  constructor(
    readonly raw: NodeGraph,
    order: Int32Array,
  ) {
    this.rank = new Int32Array(order.length);
    const ids = new Array<string>(order.length);
    const nodes = new Array<Node>(order.length);
    for (let position = 0; position < order.length; position++) {
      const i = order[position]!;
      this.rank[i] = position;
      ids[position] = raw.ids[i]!;
      nodes[position] = raw.nodes[i]!;
    }
    this.order = ids;
    this.nodesInOrder = nodes;
  }

  get size(): number {
    return this.order.length;
  }

  has(id: string): boolean {
    return this.raw.hasNode(id);
  }

  node(id: string): Node {
    return this.raw.node(id);
  }

  /** All nodes, in topological order. */
  nodes(): Node[] {
    return this.nodesInOrder.slice();
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
    return this.walk(ids, depth, this.raw.parentStart, this.raw.parentIndex);
  }

  /** Transitive dependents of `ids` up to `depth` generations (unbounded by default), excluding `ids` themselves. */
  descendants(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, depth, this.raw.childStart, this.raw.childIndex);
  }

  /** `ids` (all nodes by default) in a deterministic dependency-first order. */
  topologicalOrder(ids?: Iterable<string>): string[] {
    if (ids === undefined) return this.order.slice();
    const unique = [...new Set(ids)];
    // a large selection (often everything) is cheaper to pick out of the order than to sort
    if (unique.length * 8 < this.order.length) return unique.sort((a, b) => this.topologicalIndex(a) - this.topologicalIndex(b));
    const wanted = new Uint8Array(this.order.length);
    for (const id of unique) wanted[this.rank[this.raw.index(id)]!] = 1;
    const out = new Array<string>(unique.length);
    let k = 0;
    for (let position = 0; position < wanted.length; position++) if (wanted[position]) out[k++] = this.order[position]!;
    return out;
  }

  /** Position in the topological order; a stable priority for schedulers. */
  topologicalIndex(id: string): number {
    return this.rank[this.raw.index(id)]!;
  }

  private walk(ids: string | Iterable<string>, depth: number | undefined, start: Int32Array, next: Int32Array): Set<string> {
    const graphIds = this.raw.ids;
    let frontier = typeof ids === 'string' ? [this.raw.index(ids)] : Array.from(ids, (id) => this.raw.index(id));
    const seen = new Uint8Array(graphIds.length);
    for (const i of frontier) seen[i] = 1;
    const found = new Set<string>();
    for (let generation = 0; frontier.length > 0 && generation < (depth ?? Infinity); generation++) {
      const following: number[] = [];
      for (const i of frontier) {
        for (let k = start[i]!; k < start[i + 1]!; k++) {
          const neighbor = next[k]!;
          if (seen[neighbor]) continue;
          seen[neighbor] = 1;
          found.add(graphIds[neighbor]!);
          following.push(neighbor);
        }
      }
      frontier = following;
    }
    return found;
  }
}
