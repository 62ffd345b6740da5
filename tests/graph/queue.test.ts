import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/core/nodes.js';
import { buildGraph } from '../../src/graph/build.js';
import { ExecutionQueue } from '../../src/graph/queue.js';
import { resolveDependencies } from '../../src/graph/resolve.js';
import { PROJECT, id, model, names, shopNodes, test } from './fixtures.js';

function graphOf(nodes: Node[]) {
  resolveDependencies(nodes, PROJECT);
  return buildGraph(nodes);
}

/** Runs everything to completion, succeeding except for `failing`; returns the start order by name. */
function drain(queue: ExecutionQueue, graph: ReturnType<typeof graphOf>, failing: string[] = []): string[] {
  const started: string[] = [];
  for (let next = queue.next(); next !== undefined; next = queue.next()) {
    started.push(graph.node(next).name);
    queue.markDone(next, failing.includes(next) ? 'error' : 'success');
  }
  expect(queue.isFinished()).toBe(true);
  return started;
}

describe('ExecutionQueue', () => {
  it('releases nodes in dependency order, ties broken by name', () => {
    const graph = graphOf(shopNodes());
    const models = graph
      .nodes()
      .filter((n) => n.kind === 'model' || n.kind === 'seed')
      .map((n) => n.uniqueId);
    const queue = new ExecutionQueue(graph, models);
    expect(names(queue.ready())).toEqual(['raw_customers', 'raw_orders', 'stg_tracks']);
    expect(drain(queue, graph)).toEqual([
      'raw_customers',
      'raw_orders',
      'stg_customers',
      'stg_orders',
      'orders',
      'customers',
      'revenue',
      'stg_tracks',
      'sessions',
    ]);
  });

  it('a failure skips exactly the selected descendants, while siblings still run', () => {
    const graph = graphOf(shopNodes());
    const queue = new ExecutionQueue(graph, graph.topologicalOrder());
    let skippedByOrders: string[] = [];
    let reason = '';
    for (let next = queue.next(); next !== undefined; next = queue.next()) {
      if (next === id.model('orders')) {
        const skipped = queue.markFailed(next);
        skippedByOrders = skipped.map((s) => s.id);
        reason = skipped[0].reason;
        expect(skipped.every((s) => s.failedId === next)).toBe(true);
      } else queue.markDone(next, 'success');
    }
    expect(names(skippedByOrders)).toEqual([
      'assert_revenue_positive',
      'customers',
      'not_null_orders_order_id',
      'relationships_orders_customer_id__customers',
      'revenue',
      'unique_customers_customer_id',
    ]);
    expect(reason).toBe("upstream model 'orders' failed");
    const statuses = queue.statuses();
    expect(statuses.get(id.model('orders'))).toBe('error');
    expect(statuses.get(id.model('sessions'))).toBe('success');
    expect(statuses.get(id.model('stg_customers'))).toBe('success');
    expect([...statuses.values()].filter((s) => s === 'skipped')).toHaveLength(6);
  });

  it('keeps order through unselected nodes but does not wait for them', () => {
    const graph = graphOf([model('a'), model('b', { refs: ['a'] }), model('c', { refs: ['b'] }), model('d', { refs: ['c'] })]);
    const queue = new ExecutionQueue(graph, [id.model('d'), id.model('a')]);
    expect(queue.ready()).toEqual([id.model('a')]);
    expect(queue.markFailed(queue.next() as string).map((s) => s.id)).toEqual([id.model('d')]);
    expect(queue.isFinished()).toBe(true);
  });

  it('refuses to finish a node whose upstream has not finished', () => {
    const graph = graphOf([model('a'), model('b', { refs: ['a'] })]);
    const queue = new ExecutionQueue(graph, graph.topologicalOrder());
    expect(() => queue.markDone(id.model('b'), 'success')).toThrow('not ready');
    expect(() => queue.start(id.model('b'))).toThrow('not ready');
  });

  it('a failing test does not skip downstream models by default', () => {
    const graph = graphOf(shopNodes());
    const queue = new ExecutionQueue(graph, graph.topologicalOrder());
    const notNull = id.test('not_null_orders_order_id');
    const started = drain(queue, graph, [notNull]);
    expect(started).toContain('revenue');
    expect(queue.statusOf(id.model('revenue'))).toBe('success');
  });

  describe('testsBlockDownstream (build)', () => {
    it('runs a model after the tests of its parents and skips it when one fails', () => {
      const graph = graphOf(shopNodes());
      const passing = drain(new ExecutionQueue(graph, graph.topologicalOrder(), { testsBlockDownstream: true }), graph);
      expect(passing.indexOf('not_null_orders_order_id')).toBeLessThan(passing.indexOf('revenue'));
      expect(passing.indexOf('not_null_orders_order_id')).toBeLessThan(passing.indexOf('customers'));

      const queue = new ExecutionQueue(graph, graph.topologicalOrder(), { testsBlockDownstream: true });
      drain(queue, graph, [id.test('not_null_orders_order_id')]);
      expect(names([...queue.statuses()].filter(([, s]) => s === 'skipped').map(([i]) => i))).toEqual([
        'assert_revenue_positive',
        'customers',
        'relationships_orders_customer_id__customers',
        'revenue',
        'unique_customers_customer_id',
      ]);
      expect(queue.statusOf(id.model('sessions'))).toBe('success');
    });

    it('lets a relationships test between a parent and child run after both, gating only their common downstream', () => {
      const nodes = [
        model('orders'),
        model('customers', { refs: ['orders'] }),
        model('a_report', { refs: ['customers'] }),
        test('rel', { attachedTo: id.model('orders'), refs: ['orders', 'customers'] }),
      ];
      const graph = graphOf(nodes);
      const queue = new ExecutionQueue(graph, graph.topologicalOrder(), { testsBlockDownstream: true });
      expect(drain(queue, graph)).toEqual(['orders', 'customers', 'rel', 'a_report']);
    });

    it('gates through unselected models', () => {
      const graph = graphOf([
        model('a'),
        model('b', { refs: ['a'] }),
        model('c', { refs: ['b'] }),
        test('not_null_a', { attachedTo: id.model('a'), refs: ['a'] }),
      ]);
      const queue = new ExecutionQueue(graph, [id.model('a'), id.test('not_null_a'), id.model('c')], { testsBlockDownstream: true });
      expect(drain(queue, graph)).toEqual(['a', 'not_null_a', 'c']);
    });
  });
});
