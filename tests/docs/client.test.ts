import { describe, expect, it } from 'vitest';
import { layoutLineage } from '../../src/docs/client/layout.js';
import { parseRoute, href } from '../../src/docs/client/router.js';
import { searchNodes } from '../../src/docs/client/search.js';
import { DocsSelection, neighbourhoodSelector } from '../../src/docs/client/selection.js';
import type { DocsNode } from '../../src/docs/types.js';

const node = (id: string, extra: Partial<DocsNode> = {}): DocsNode => {
  const [kind, , ...rest] = id.split('.');
  const name = rest.at(-1)!;
  return {
    id,
    kind: kind as DocsNode['kind'],
    name,
    path: `models/${name}.sql`,
    fqn: [name],
    description: '',
    tags: [],
    materialized: kind === 'model' ? 'view' : null,
    owner: null,
    relation: null,
    config: { materialized: 'view', enabled: true, tags: extra.tags ?? [] },
    dependsOn: [],
    columns: [],
    tests: [],
    compiledSql: null,
    rawSql: null,
    lastRun: null,
    ...extra,
  };
};

const nodes = [
  node('source.p.web.tracks', { sourceName: 'web', description: 'raw track calls' }),
  node('model.p.stg_orders', { dependsOn: ['source.p.web.tracks'], tags: ['staging'] }),
  node('model.p.fct_orders', {
    dependsOn: ['model.p.stg_orders'],
    tags: ['marts'],
    columns: [{ name: 'order_total', type: null, description: '', inWarehouse: null, tests: [] }],
  }),
  node('model.p.orders_by_day', { dependsOn: ['model.p.fct_orders'], description: 'daily orders' }),
  node('test.p.unique_fct_orders_id', { dependsOn: ['model.p.fct_orders'], testName: 'unique', attachedTo: 'model.p.fct_orders' }),
];

describe('docs client (pure parts)', () => {
  it('search: every word must match; exact names first, then prefixes, then the rest; a kind filter', () => {
    expect(searchNodes(nodes, 'fct_orders').map((h) => h.node.name)).toEqual(['fct_orders', 'unique_fct_orders_id']);
    expect(
      searchNodes(nodes, 'orders')
        .map((h) => h.node.name)
        .slice(0, 2),
    ).toEqual(['orders_by_day', 'fct_orders']);
    expect(searchNodes(nodes, 'orders daily').map((h) => h.node.name)).toEqual(['orders_by_day']);
    expect(searchNodes(nodes, 'order_total').map((h) => h.node.name)).toEqual(['fct_orders']);
    expect(searchNodes(nodes, 'web.tracks').map((h) => h.node.id)).toEqual(['source.p.web.tracks']);
    expect(searchNodes(nodes, '', new Set(['test'])).map((h) => h.node.kind)).toEqual(['test']);
    expect(searchNodes(nodes, '')[0].node.kind).toBe('model');
  });

  it("selection: keel's selector syntax over the docs' nodes", () => {
    const s = new DocsSelection(nodes);
    expect([...s.select('+fct_orders')].sort()).toEqual(['model.p.fct_orders', 'model.p.stg_orders', 'source.p.web.tracks']);
    expect([...s.select('tag:marts+', 'orders_by_day')]).toEqual(['model.p.fct_orders', 'test.p.unique_fct_orders_id']);
    expect([...s.select('source:web+1')].sort()).toEqual(['model.p.stg_orders', 'source.p.web.tracks']);
    expect(() => s.select('nope:x')).toThrow(/Unknown selector method 'nope'/);
    expect(neighbourhoodSelector(nodes[0])).toBe('+source:web.tracks+');
    expect(neighbourhoodSelector(nodes[2])).toBe('+fct_orders+');
  });

  it('layout: left to right, one layer per dependency step', () => {
    const l = layoutLineage(
      nodes.filter((n) => n.kind !== 'test').map((n) => ({ id: n.id, label: n.name })),
      [
        ['source.p.web.tracks', 'model.p.stg_orders'],
        ['model.p.stg_orders', 'model.p.fct_orders'],
        ['model.p.fct_orders', 'model.p.orders_by_day'],
        ['model.p.gone', 'model.p.fct_orders'],
      ],
    );
    const xs = ['source.p.web.tracks', 'model.p.stg_orders', 'model.p.fct_orders', 'model.p.orders_by_day'].map((id) => l.positions[id].x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(new Set(xs).size).toBe(4);
    expect(l.positions['model.p.gone']).toBeUndefined();
  });

  it('routes: hash paths with an encoded id and query parameters', () => {
    expect(href('node', 'model.p.a b')).toBe('#/node/model.p.a%20b');
    expect(parseRoute('#/node/model.p.a%20b')).toMatchObject({ page: 'node', arg: 'model.p.a b' });
    const r = parseRoute(href('lineage', '', { select: '+fct_orders+', exclude: '' }));
    expect([r.page, r.params.get('select'), r.params.has('exclude')]).toEqual(['lineage', '+fct_orders+', false]);
    expect(parseRoute('').page).toBe('');
  });
});
