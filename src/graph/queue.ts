import type { KeelGraph } from './keel-graph.js';
import { MinHeap } from './min-heap.js';
import { testGates } from './test-gates.js';

/** What running a node produced; `fail` (a failing test) and `error` stop the node's dependents. */
export type NodeOutcome = 'success' | 'pass' | 'warn' | 'fail' | 'error' | 'skipped';
export type QueueStatus = 'pending' | 'running' | NodeOutcome;
export type FailingOutcome = 'fail' | 'error';

export interface SkippedNode {
  id: string;
  /** the node whose failure caused the skip */
  failedId: string;
  reason: string;
}

export interface ExecutionQueueOptions {
  /** `build` semantics: nodes downstream of a tested node wait for its tests and are skipped if one fails */
  testsBlockDownstream?: boolean;
}

export function isFailingOutcome(outcome: NodeOutcome): outcome is FailingOutcome {
  return outcome === 'fail' || outcome === 'error';
}

/**
 * Schedules the selected nodes in dependency order. Only selected nodes run: an unselected
 * node is assumed to exist already and counts as finished once everything above it has, so
 * order is still kept through it (with a -> b -> c and only a and c selected, c waits for a).
 * Ready nodes come out in topological order, so the same inputs start nodes in the same order.
 */
export class ExecutionQueue {
  private readonly status = new Map<string, QueueStatus>();
  /** per graph node (selected or not): upstream nodes and gating tests not yet finished */
  private readonly unfinishedUpstream = new Map<string, number>();
  /** test -> nodes it gates (build only) */
  private readonly gates: Map<string, string[]>;
  /** unselected nodes below a failure; they never finish, which keeps what is below them waiting */
  private readonly blocked = new Set<string>();
  private readonly readyHeap: MinHeap<string>;
  private finishedCount = 0;

  constructor(
    private readonly graph: KeelGraph,
    selected: Iterable<string>,
    options: ExecutionQueueOptions = {},
  ) {
    for (const id of graph.topologicalOrder(selected)) this.status.set(id, 'pending');
    this.gates = options.testsBlockDownstream ? testGates(graph, new Set(this.status.keys())) : new Map();
    this.readyHeap = new MinHeap((a, b) => graph.topologicalIndex(a) - graph.topologicalIndex(b));
    const roots: string[] = [];
    for (const node of graph.nodes()) {
      const count = graph.raw.inDegree(node.uniqueId);
      this.unfinishedUpstream.set(node.uniqueId, count);
      if (count === 0) roots.push(node.uniqueId);
    }
    for (const gated of this.gates.values()) {
      for (const id of gated) this.unfinishedUpstream.set(id, (this.unfinishedUpstream.get(id) as number) + 1);
    }
    this.release(roots.filter((id) => this.unfinishedUpstream.get(id) === 0));
  }

  get size(): number {
    return this.status.size;
  }

  /** Pending nodes whose upstream has all finished, in run order; does not change state. */
  ready(): string[] {
    return this.readyHeap.toSortedArray().filter((id) => this.status.get(id) === 'pending');
  }

  /** Takes the first ready node and marks it running. */
  next(): string | undefined {
    for (let id = this.readyHeap.pop(); id !== undefined; id = this.readyHeap.pop()) {
      // entries can be stale: a ready node may have been started or failed directly
      if (this.status.get(id) === 'pending') {
        this.status.set(id, 'running');
        return id;
      }
    }
    return undefined;
  }

  /** Marks a ready node running, for callers that pick from ready() themselves. */
  start(id: string): void {
    this.assertRunnable(id);
    this.status.set(id, 'running');
  }

  /** Records a node's outcome. A failing outcome skips its dependents, which are returned. */
  markDone(id: string, outcome: NodeOutcome): SkippedNode[] {
    if (isFailingOutcome(outcome)) return this.markFailed(id, outcome);
    this.finish(id, outcome);
    this.release(this.downstreamOf(id).filter((child) => this.decrementUpstream(child) === 0));
    return [];
  }

  /** Marks a node failed and every selected node downstream of it skipped; returns those, in run order. */
  markFailed(id: string, outcome: FailingOutcome = 'error'): SkippedNode[] {
    this.finish(id, outcome);
    const failed = this.graph.node(id);
    const reason = `upstream ${failed.kind} '${failed.name}' failed`;
    const skipped: string[] = [];
    const stack = this.downstreamOf(id);
    while (stack.length > 0) {
      const current = stack.pop() as string;
      const status = this.status.get(current);
      // already skipped or blocked: everything below was handled by an earlier failure
      if (status === 'pending') {
        this.status.set(current, 'skipped');
        this.finishedCount++;
        skipped.push(current);
      } else if (status === undefined && !this.blocked.has(current)) {
        this.blocked.add(current);
      } else continue;
      stack.push(...this.downstreamOf(current));
    }
    return this.graph.topologicalOrder(skipped).map((skippedId) => ({ id: skippedId, failedId: id, reason }));
  }

  isFinished(): boolean {
    return this.finishedCount === this.status.size;
  }

  statusOf(id: string): QueueStatus {
    const status = this.status.get(id);
    if (status === undefined) throw new Error(`Node '${id}' is not in this queue`);
    return status;
  }

  /** Every queued node's status, in topological order. */
  statuses(): Map<string, QueueStatus> {
    return new Map(this.status);
  }

  /** Nodes whose upstream just finished: selected ones become ready, unselected ones finish at once. */
  private release(ids: string[]): void {
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (this.status.has(id)) {
        this.readyHeap.push(id);
        continue;
      }
      for (const child of this.downstreamOf(id)) {
        if (this.decrementUpstream(child) === 0) stack.push(child);
      }
    }
  }

  private decrementUpstream(id: string): number {
    const left = (this.unfinishedUpstream.get(id) as number) - 1;
    this.unfinishedUpstream.set(id, left);
    return left;
  }

  private downstreamOf(id: string): string[] {
    const gated = this.gates.get(id);
    return gated ? [...this.graph.children(id), ...gated] : this.graph.children(id);
  }

  private finish(id: string, outcome: NodeOutcome): void {
    if (this.statusOf(id) !== 'running') this.assertRunnable(id);
    this.status.set(id, outcome);
    this.finishedCount++;
  }

  private assertRunnable(id: string): void {
    const status = this.statusOf(id);
    if (status !== 'pending' || this.unfinishedUpstream.get(id) !== 0) {
      throw new Error(`Node '${id}' is not ready to run (status ${status})`);
    }
  }
}
