import type { Node } from '../core/nodes.js';
import { nodeGraph, type NodeEdges, type NodeGraph } from './node-graph.js';

/**
 * Read-only view of the project DAG; edges point from a dependency to its dependents. The order is
 * computed up front (it also finds cycles); the graphology graph that answers neighbor queries is
 * built the first time one is asked: a whole-project compile asks none, and building it is most
 * of the graph's cost.
 */
export class KeelGraph {
  private readonly rank = new Map<string, number>();
  private readonly order: readonly string[];
  private built: NodeGraph | undefined;

  /** `nodesInOrder` must be a topological order of `nodes` and `edges` (buildGraph computes it). */
  constructor(
    private readonly all: readonly Node[],
    private readonly edges: NodeEdges,
    private readonly nodesInOrder: readonly Node[],
  ) {
    const order = new Array<string>(nodesInOrder.length);
    for (let position = 0; position < nodesInOrder.length; position++) {
      const id = nodesInOrder[position]!.uniqueId;
      order[position] = id;
      this.rank.set(id, position);
    }
    this.order = order;
  }

  /** The graphology graph, built on first use. */
  get raw(): NodeGraph {
    return (this.built ??= nodeGraph(this.all, this.edges));
  }

  get size(): number {
    return this.order.length;
  }

  has(id: string): boolean {
    return this.rank.has(id);
  }

  node(id: string): Node {
    const position = this.rank.get(id);
    if (position === undefined) throw new Error(`Unknown node '${id}'`);
    return this.nodesInOrder[position]!;
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
    return this.walk(ids, depth, (id) => this.raw.inNeighbors(id));
  }

  /** Transitive dependents of `ids` up to `depth` generations (unbounded by default), excluding `ids` themselves. */
  descendants(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, depth, (id) => this.raw.outNeighbors(id));
  }

  /** `ids` (all nodes by default) in a deterministic dependency-first order. */
  topologicalOrder(ids?: Iterable<string>): string[] {
    if (ids === undefined) return this.order.slice();
    const unique = [...new Set(ids)];
    // a large selection (often everything) is cheaper to pick out of the order than to sort
    if (unique.length * 8 < this.order.length) return unique.sort((a, b) => this.topologicalIndex(a) - this.topologicalIndex(b));
    const wanted = new Uint8Array(this.order.length);
    for (const id of unique) wanted[this.topologicalIndex(id)] = 1;
    const out = new Array<string>(unique.length);
    let k = 0;
    for (let position = 0; position < wanted.length; position++) if (wanted[position]) out[k++] = this.order[position]!;
    return out;
  }

  /** Position in the topological order; a stable priority for schedulers. */
  topologicalIndex(id: string): number {
    const index = this.rank.get(id);
    if (index === undefined) throw new Error(`Unknown node '${id}'`);
    return index;
  }

  // graphology's neighbor key arrays walk faster than its per-neighbor callbacks
  private walk(ids: string | Iterable<string>, depth: number | undefined, neighbors: (id: string) => string[]): Set<string> {
    let frontier = typeof ids === 'string' ? [ids] : [...ids];
    const start = new Set(frontier);
    const found = new Set<string>();
    for (let generation = 0; frontier.length > 0 && generation < (depth ?? Infinity); generation++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const neighbor of neighbors(id)) {
          if (found.has(neighbor) || start.has(neighbor)) continue;
          found.add(neighbor);
          next.push(neighbor);
        }
      }
      frontier = next;
    }
    return found;
  }
}
