import type { ExecutionQueue, NodeOutcome, SkippedNode } from './queue.js';

export interface RunQueueOptions {
  /** called with the nodes skipped because a node failed, as soon as that is known */
  onSkipped?: (skipped: SkippedNode[]) => void;
  /** when aborted (e.g. --fail-fast), no new node starts; running ones finish and their results are kept */
  signal?: AbortSignal;
}

/**
 * Runs the queue with at most `threads` workers at once and resolves when nothing more can
 * run. The worker should report node failures as outcomes; a worker that throws is treated
 * as a bug: the node is marked `error`, nothing new starts, and the error is rethrown once
 * running workers settle.
 */
export async function runQueue(
  queue: ExecutionQueue,
  threads: number,
  worker: (id: string) => Promise<NodeOutcome>,
  options: RunQueueOptions = {},
): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  const running = new Map<string, Promise<void>>();
  let crash: { error: unknown } | undefined;
  const report = (skipped: SkippedNode[]) => {
    if (skipped.length > 0) options.onSkipped?.(skipped);
  };
  const launch = (id: string) => {
    const settled = Promise.resolve()
      .then(() => worker(id))
      .then((outcome) => report(queue.markDone(id, outcome)))
      .catch((error: unknown) => {
        crash ??= { error };
        if (queue.statusOf(id) === 'running') report(queue.markFailed(id, 'error'));
      })
      .finally(() => running.delete(id));
    running.set(id, settled);
  };
  for (;;) {
    while (!crash && !options.signal?.aborted && running.size < threads) {
      const id = queue.next();
      if (id === undefined) break;
      launch(id);
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (crash) throw crash.error;
  if (!options.signal?.aborted && !queue.isFinished()) throw new Error('Execution queue stalled with unfinished nodes');
}
