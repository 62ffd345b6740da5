import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/core/nodes.js';
import { buildGraph } from '../../src/graph/build.js';
import { ExecutionQueue, type NodeOutcome, type SkippedNode } from '../../src/graph/queue.js';
import { resolveDependencies } from '../../src/graph/resolve.js';
import { runQueue } from '../../src/graph/run-queue.js';
import { PROJECT, id, model, seed } from './fixtures.js';

/** 3 independent chains of 4 models plus 6 standalone seeds: plenty of parallelism. */
function wideProject(): Node[] {
  const nodes: Node[] = [];
  for (let s = 0; s < 6; s++) nodes.push(seed(`seed_${s}`));
  for (let chain = 0; chain < 3; chain++) {
    for (let step = 0; step < 4; step++) {
      nodes.push(model(`m${chain}_${step}`, { refs: step === 0 ? [] : [`m${chain}_${step - 1}`] }));
    }
  }
  resolveDependencies(nodes, PROJECT);
  return nodes;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runQueue', () => {
  it.each([1, 2, 4])('never runs more than %i workers and starts nodes only after their parents finish', async (threads) => {
    const graph = buildGraph(wideProject());
    const queue = new ExecutionQueue(graph, graph.topologicalOrder());
    const finished = new Set<string>();
    let active = 0;
    let maxActive = 0;
    await runQueue(queue, threads, async (nodeId) => {
      expect(graph.parents(nodeId).every((p) => finished.has(p))).toBe(true);
      active++;
      maxActive = Math.max(maxActive, active);
      await tick(2);
      active--;
      finished.add(nodeId);
      return 'success';
    });
    expect(maxActive).toBe(threads);
    expect(finished.size).toBe(graph.size);
    expect(queue.isFinished()).toBe(true);
  });

  it('skips descendants of a failed node and keeps running the rest', async () => {
    const graph = buildGraph(wideProject());
    const queue = new ExecutionQueue(graph, graph.topologicalOrder());
    const ran: string[] = [];
    const skipped: SkippedNode[] = [];
    await runQueue(
      queue,
      3,
      async (nodeId): Promise<NodeOutcome> => {
        ran.push(nodeId);
        await tick(1);
        return nodeId === id.model('m1_1') ? 'error' : 'success';
      },
      { onSkipped: (s) => skipped.push(...s) },
    );
    expect(skipped.map((s) => s.id)).toEqual([id.model('m1_2'), id.model('m1_3')]);
    expect(ran).toHaveLength(graph.size - 2);
    expect(queue.statusOf(id.model('m2_3'))).toBe('success');
  });

  it('is deterministic with one thread', async () => {
    const order = async () => {
      const graph = buildGraph(wideProject());
      const ran: string[] = [];
      await runQueue(new ExecutionQueue(graph, graph.topologicalOrder()), 1, async (nodeId) => {
        ran.push(nodeId);
        return 'success';
      });
      return ran;
    };
    const first = await order();
    expect(await order()).toEqual(first);
    expect(first.slice(0, 3)).toEqual([id.model('m0_0'), id.model('m0_1'), id.model('m0_2')]);
  });

  it('stops starting nodes once aborted and lets running ones finish', async () => {
    const graph = buildGraph(wideProject());
    const queue = new ExecutionQueue(graph, graph.topologicalOrder());
    const controller = new AbortController();
    const ran: string[] = [];
    await runQueue(
      queue,
      2,
      async (nodeId) => {
        ran.push(nodeId);
        // the first node aborts; the second, already running, still completes
        await tick(ran.length === 1 ? 1 : 10);
        controller.abort();
        return 'success';
      },
      { signal: controller.signal },
    );
    expect(ran).toHaveLength(2);
    expect(ran.map((n) => queue.statusOf(n))).toEqual(['success', 'success']);
    expect(queue.isFinished()).toBe(false);
  });

  it('rethrows a worker crash after running workers settle, starting nothing new', async () => {
    const graph = buildGraph(wideProject());
    const queue = new ExecutionQueue(graph, graph.topologicalOrder());
    let started = 0;
    await expect(
      runQueue(queue, 2, async (nodeId) => {
        started++;
        if (nodeId === id.model('m0_0')) throw new Error('boom');
        await tick(5);
        return 'success';
      }),
    ).rejects.toThrow('boom');
    expect(started).toBe(2);
    expect(queue.statusOf(id.model('m0_0'))).toBe('error');
    expect(queue.statusOf(id.model('m0_1'))).toBe('skipped');
  });

  it('rejects a thread count below one', async () => {
    const graph = buildGraph(wideProject());
    await expect(runQueue(new ExecutionQueue(graph, []), 0, async () => 'success')).rejects.toThrow('threads must be a positive integer');
  });
});
