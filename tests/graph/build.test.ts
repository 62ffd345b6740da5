import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import type { Node } from '../../src/core/nodes.js';
import { buildGraph } from '../../src/graph/build.js';
import { resolveDependencies } from '../../src/graph/resolve.js';
import { PROJECT, id, model, names, seed, shopNodes } from './fixtures.js';

function graphOf(nodes: Node[]) {
  resolveDependencies(nodes, PROJECT);
  return buildGraph(nodes);
}

function buildError(nodes: Node[]): KeelError {
  try {
    graphOf(nodes);
  } catch (error) {
    expect(error).toBeInstanceOf(KeelError);
    return error as KeelError;
  }
  throw new Error('expected buildGraph to throw');
}

describe('buildGraph', () => {
  it('reports a cycle by node names, starting at the smallest name, located at its ref', () => {
    const error = buildError([
      model('root'),
      model('c', { refs: ['b@3'] }),
      model('a', { path: 'models/marts/a.sql', refs: ['root@1', 'c@2'] }),
      model('b', { refs: ['a@4'] }),
      model('downstream', { refs: ['c'] }),
    ]);
    // a feeds b, b feeds c, c feeds a
    expect(error.message).toBe('Dependency cycle: a -> b -> c -> a');
    expect(error.location).toEqual({ file: 'models/marts/a.sql', line: 2 });
  });

  it('reports a model that refs itself', () => {
    expect(buildError([model('loop', { refs: ['loop'] })]).message).toBe('Dependency cycle: loop -> loop');
  });

  it('answers parents, children, ancestors and descendants with depth limits', () => {
    const graph = graphOf(shopNodes());
    expect(names(graph.parents(id.model('orders')))).toEqual(['stg_customers', 'stg_orders']);
    expect(names(graph.children(id.model('orders')))).toEqual([
      'customers',
      'not_null_orders_order_id',
      'relationships_orders_customer_id__customers',
      'revenue',
    ]);
    expect(names(graph.ancestors(id.model('customers'), 1))).toEqual(['orders', 'stg_customers']);
    expect(names(graph.ancestors(id.model('customers')))).toEqual(['orders', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders']);
    expect(names(graph.descendants(id.model('stg_orders'), 2))).toEqual([
      'customers',
      'not_null_orders_order_id',
      'orders',
      'relationships_orders_customer_id__customers',
      'revenue',
    ]);
    expect(graph.descendants(id.model('sessions')).size).toBe(0);
  });

  it('orders nodes dependencies-first, breaking ties by name', () => {
    const graph = graphOf([model('b', { refs: ['z_seed'] }), seed('z_seed'), model('a'), model('c', { refs: ['a', 'b'] })]);
    expect(names(graph.topologicalOrder())).toEqual(['a', 'b', 'c', 'z_seed'].sort());
    expect(graph.topologicalOrder().map((i) => graph.node(i).name)).toEqual(['a', 'z_seed', 'b', 'c']);
    expect(graph.topologicalOrder([id.model('c'), id.model('a')])).toEqual([id.model('a'), id.model('c')]);
  });

  it('builds the graphology graph once, when first asked, with every node and edge the order was computed from', () => {
    const nodes = shopNodes();
    const graph = graphOf(nodes);
    const raw = graph.raw;
    expect(graph.raw).toBe(raw);
    expect(raw.order).toBe(graph.size);
    expect(raw.size).toBe(new Set(nodes.flatMap((n) => n.dependsOn.map((d) => `${d}>${n.uniqueId}`))).size);
    for (const id of graph.topologicalOrder()) {
      expect(raw.getNodeAttribute(id, 'node')).toBe(graph.node(id));
      for (const parent of raw.inNeighbors(id)) expect(graph.topologicalIndex(parent)).toBeLessThan(graph.topologicalIndex(id));
    }
  });

  it('keeps one edge for a dependency listed twice', () => {
    const a = model('a');
    const b = model('b');
    b.dependsOn = [a.uniqueId, a.uniqueId];
    const graph = buildGraph([a, b]);
    expect(graph.parents(b.uniqueId)).toEqual([a.uniqueId]);
    expect(graph.raw.size).toBe(1);
  });

  it('leaves disabled nodes out', () => {
    const graph = graphOf([model('a'), model('old', { enabled: false })]);
    expect(graph.has(id.model('old'))).toBe(false);
    expect(graph.size).toBe(1);
  });

  it('rejects a dependency on a node that does not exist', () => {
    const orphan = model('a');
    orphan.dependsOn = ['model.shop.ghost'];
    expect(() => buildGraph([orphan])).toThrow("'a' depends on 'model.shop.ghost', which does not exist");
  });
});
