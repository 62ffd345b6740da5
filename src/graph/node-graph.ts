import type { Node } from '../core/nodes.js';

/**
 * The DAG's adjacency, built once: nodes get dense indices and edges (dependency → dependent)
 * are index ranges in typed arrays. graphology's per-edge objects and keys cost more than all
 * the rest of graph building on a project of tens of thousands of nodes.
 *
 * Parents of a node are its dependencies in `dependsOn` order (duplicates dropped); children
 * are its dependents in node order. A self-dependency is both, so it surfaces as a cycle.
 */
export class NodeGraph {
  readonly ids: readonly string[];
  /** parents of node i: parentIndex[parentStart[i] .. parentStart[i + 1]) */
  readonly parentStart: Int32Array;
  readonly parentIndex: Int32Array;
  /** children of node i: childIndex[childStart[i] .. childStart[i + 1]) */
  readonly childStart: Int32Array;
  readonly childIndex: Int32Array;

  /** `indexOf` maps every node's uniqueId to its position in `nodes`; `missing` builds the error for an unknown dependency. */
  constructor(
    readonly nodes: readonly Node[],
    private readonly indexOf: ReadonlyMap<string, number>,
    missing: (node: Node, dependency: string) => Error,
  ) {
    const n = nodes.length;
    this.ids = nodes.map((node) => node.uniqueId);
    let edges = 0;
    for (const node of nodes) edges += node.dependsOn.length;
    const parentStart = new Int32Array(n + 1);
    const parentIndex = new Int32Array(edges);
    const childStart = new Int32Array(n + 1);
    let e = 0;
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      const first = e;
      parentStart[i] = first;
      for (const dependency of node.dependsOn) {
        const j = indexOf.get(dependency);
        if (j === undefined) throw missing(node, dependency);
        if (!includes(parentIndex, first, e, j)) {
          parentIndex[e++] = j;
          childStart[j + 1]++;
        }
      }
    }
    parentStart[n] = e;
    for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i]!;
    const childIndex = new Int32Array(e);
    const cursor = childStart.slice(0, n);
    for (let i = 0; i < n; i++) {
      for (let k = parentStart[i]!; k < parentStart[i + 1]!; k++) childIndex[cursor[parentIndex[k]!]!++] = i;
    }
    this.parentStart = parentStart;
    this.parentIndex = parentIndex.subarray(0, e);
    this.childStart = childStart;
    this.childIndex = childIndex;
  }

  get order(): number {
    return this.ids.length;
  }

  hasNode(id: string): boolean {
    return this.indexOf.has(id);
  }

  /** Position of `id`; throws for an id not in the graph. */
  index(id: string): number {
    const i = this.indexOf.get(id);
    if (i === undefined) throw new Error(`Unknown node '${id}'`);
    return i;
  }

  node(id: string): Node {
    return this.nodes[this.index(id)]!;
  }

  inDegree(id: string): number {
    const i = this.index(id);
    return this.parentStart[i + 1]! - this.parentStart[i]!;
  }

  inNeighbors(id: string): string[] {
    const i = this.index(id);
    return this.idsIn(this.parentIndex, this.parentStart[i]!, this.parentStart[i + 1]!);
  }

  outNeighbors(id: string): string[] {
    const i = this.index(id);
    return this.idsIn(this.childIndex, this.childStart[i]!, this.childStart[i + 1]!);
  }

  private idsIn(indices: Int32Array, from: number, to: number): string[] {
    const out = new Array<string>(to - from);
    for (let k = from; k < to; k++) out[k - from] = this.ids[indices[k]!]!;
    return out;
  }
}

function includes(values: Int32Array, from: number, to: number, value: number): boolean {
  for (let k = from; k < to; k++) if (values[k] === value) return true;
  return false;
}

/** Orders ties by name so output reads naturally, then by id so it is total. */
export function compareByNameThenId(graph: NodeGraph): (a: string, b: string) => number {
  return (a, b) => {
    const nameA = graph.node(a).name;
    const nameB = graph.node(b).name;
    if (nameA !== nameB) return nameA < nameB ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}
