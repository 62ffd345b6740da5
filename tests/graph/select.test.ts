import { afterEach, describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import { buildGraph } from '../../src/graph/build.js';
import { resolveDependencies } from '../../src/graph/resolve.js';
import { select, type SelectOptions } from '../../src/graph/select.js';
import { registerSelectorMethod, unregisterSelectorMethod } from '../../src/graph/selector-methods.js';
import { withAttachedTests } from '../../src/graph/indirect-tests.js';
import { PROJECT, id, names, shopNodes } from './fixtures.js';

const nodes = shopNodes();
resolveDependencies(nodes, PROJECT);
const graph = buildGraph(nodes);

const MODELS_ONLY = { resourceTypes: ['model'] } as const;

function pick(selector: string | string[], options: Omit<SelectOptions, 'select'> = {}): string[] {
  return names(select(graph, { ...options, select: typeof selector === 'string' ? [selector] : selector }));
}

describe('select: methods', () => {
  it('selects everything when no selector is given', () => {
    expect(select(graph).size).toBe(graph.size);
    expect(select(graph, { select: [] }).size).toBe(graph.size);
  });

  it('returns ids in topological order', () => {
    expect([...select(graph, { select: ['+orders'], ...MODELS_ONLY })].map((i) => graph.node(i).name)).toEqual(['stg_customers', 'stg_orders', 'orders']);
  });

  it('matches bare names of models, seeds and tests', () => {
    expect(pick('orders')).toEqual(['orders']);
    expect(pick('raw_orders')).toEqual(['raw_orders']);
    expect(pick('not_null_orders_order_id')).toEqual(['not_null_orders_order_id']);
  });

  it('matches names with wildcards, even for nested models', () => {
    expect(pick('stg_*')).toEqual(['stg_customers', 'stg_orders', 'stg_tracks']);
    expect(pick('stg_?rders')).toEqual(['stg_orders']);
    expect(pick('*ers', MODELS_ONLY)).toEqual(['customers', 'orders', 'stg_customers', 'stg_orders']);
  });

  it('treats a bare folder name or dotted fqn as a folder selection', () => {
    expect(pick('staging')).toEqual(['stg_customers', 'stg_orders', 'stg_tracks']);
    expect(pick('marts.orders')).toEqual(['orders']);
    expect(pick(`${PROJECT}.reports`)).toEqual(['revenue']);
    expect(pick('fqn:marts.*')).toEqual(['customers', 'orders', 'sessions']);
  });

  it('treats a bare path-like value as a path', () => {
    expect(pick('models/staging/stg_orders.sql')).toEqual(['stg_orders']);
    expect(pick('models/marts')).toEqual(['customers', 'orders', 'sessions']);
    expect(pick('stg_orders.sql')).toEqual(['stg_orders']);
  });

  it('path: matches by folder prefix, never by partial folder names', () => {
    expect(pick('path:models/staging')).toEqual(['stg_customers', 'stg_orders', 'stg_tracks']);
    expect(pick('path:models/staging/')).toEqual(['stg_customers', 'stg_orders', 'stg_tracks']);
    expect(pick('path:models/stag')).toEqual([]);
    expect(pick('path:models/*/orders.sql')).toEqual(['orders']);
    expect(pick('path:tests')).toEqual(['assert_revenue_positive']);
  });

  it('tag:', () => {
    expect(pick('tag:daily')).toEqual(['orders', 'stg_customers']);
    expect(pick('tag:fin*')).toEqual(['orders', 'revenue']);
  });

  it('config.<key>:<value>, including array membership and booleans', () => {
    expect(pick('config.materialized:table')).toEqual(['customers', 'orders', 'revenue']);
    expect(pick('config.materialized:incremental')).toEqual(['sessions']);
    expect(pick('config.partitioned_by:site')).toEqual(['sessions']);
    expect(pick('config.tags:staging')).toEqual(['stg_customers', 'stg_orders', 'stg_tracks']);
    expect(pick('config.severity:error')).toHaveLength(5);
    expect(pick('config.enabled:TRUE').length).toBe(graph.size);
  });

  it('source:', () => {
    expect(pick('source:web_app')).toEqual(['web_app.pages', 'web_app.tracks']);
    expect(pick('source:web_app.tracks')).toEqual(['web_app.tracks']);
    expect(pick(`source:${PROJECT}.web_app.pa*`)).toEqual(['web_app.pages']);
    expect(pick('source:web_app.tracks+', MODELS_ONLY)).toEqual(['sessions', 'stg_tracks']);
  });

  it('resource_type:, test_type:, test_name:, file:, package:', () => {
    expect(pick('resource_type:seed')).toEqual(['raw_customers', 'raw_orders']);
    expect(pick('resource_type:source')).toEqual(['web_app.pages', 'web_app.tracks']);
    expect(pick('test_type:singular')).toEqual(['assert_revenue_positive']);
    expect(pick('test_type:generic')).toHaveLength(4);
    expect(pick('test_name:not_null')).toEqual(['not_null_orders_order_id', 'source_not_null_web_app_tracks_id']);
    expect(pick('file:orders.sql')).toEqual(['orders']);
    expect(pick('file:stg_orders')).toEqual(['stg_orders']);
    expect(pick(`package:${PROJECT}`).length).toBe(graph.size);
  });

  it('a selector that matches nothing gives an empty set', () => {
    expect(pick('no_such_model')).toEqual([]);
    expect(pick('tag:nope+')).toEqual([]);
  });
});

describe('select: graph operators', () => {
  it('+name selects all ancestors, N+name up to N generations', () => {
    expect(pick('+customers')).toEqual(['customers', 'orders', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders']);
    expect(pick('1+customers')).toEqual(['customers', 'orders', 'stg_customers']);
    expect(pick('2+customers')).toEqual(['customers', 'orders', 'raw_customers', 'stg_customers', 'stg_orders']);
  });

  it('name+ selects all descendants, name+N up to N generations', () => {
    expect(pick('stg_orders+', MODELS_ONLY)).toEqual(['customers', 'orders', 'revenue', 'stg_orders']);
    expect(pick('stg_orders+1')).toEqual(['orders', 'stg_orders']);
    expect(pick('raw_orders+2')).toEqual(['orders', 'raw_orders', 'stg_orders']);
  });

  it('+name+ selects both directions', () => {
    expect(pick('+stg_tracks+')).toEqual(['sessions', 'stg_tracks', 'web_app.tracks']);
    expect(pick('1+orders+1', MODELS_ONLY)).toEqual(['customers', 'orders', 'revenue', 'stg_customers', 'stg_orders']);
  });

  it('@name selects descendants and all of their ancestors', () => {
    expect(pick('@stg_orders', MODELS_ONLY)).toEqual(['customers', 'orders', 'revenue', 'stg_customers', 'stg_orders']);
    expect(pick('@stg_orders', { resourceTypes: ['seed'] })).toEqual(['raw_customers', 'raw_orders']);
  });

  it('applies operators to every node a method matches', () => {
    expect(pick('tag:staging+1', MODELS_ONLY)).toEqual(['customers', 'orders', 'sessions', 'stg_customers', 'stg_orders', 'stg_tracks']);
  });
});

describe('select: set operations', () => {
  it('whitespace and separate arguments unite', () => {
    expect(pick('orders revenue')).toEqual(['orders', 'revenue']);
    expect(pick(['orders', 'tag:daily'])).toEqual(['orders', 'stg_customers']);
  });

  it('commas intersect', () => {
    expect(pick('tag:daily,config.materialized:table')).toEqual(['orders']);
    expect(pick('+revenue,tag:staging')).toEqual(['stg_customers', 'stg_orders']);
    expect(pick('tag:daily,tag:staging resource_type:seed')).toEqual(['raw_customers', 'raw_orders', 'stg_customers']);
  });

  it('exclude removes after selection, with the same syntax', () => {
    expect(pick('staging', { exclude: ['stg_tracks'] })).toEqual(['stg_customers', 'stg_orders']);
    expect(pick('+customers', { exclude: ['resource_type:seed orders+'] })).toEqual(['stg_customers', 'stg_orders']);
    expect(names(select(graph, { exclude: ['resource_type:test', 'resource_type:source', 'marts reports'] }))).toEqual([
      'raw_customers',
      'raw_orders',
      'stg_customers',
      'stg_orders',
      'stg_tracks',
    ]);
  });
});

describe('select: errors', () => {
  it('lists valid methods for an unknown one', () => {
    expect(() => pick('colour:red')).toThrow(
      "Unknown selector method 'colour' in 'colour:red'. Valid methods: config, file, fqn, package, path, resource_type, source, tag, test_name, test_type",
    );
  });

  it('rejects malformed selectors', () => {
    expect(() => pick('tag:')).toThrow(KeelError);
    expect(() => pick('@+orders')).toThrow("'@' and a leading '+' cannot be combined");
    expect(() => pick('orders,')).toThrow(KeelError);
    expect(() => pick('config:table')).toThrow("The config selector needs a key, e.g. 'config.materialized:table'");
    expect(() => pick('resource_type:snapshot')).toThrow('Valid resource types: model, seed, source, test');
    expect(() => pick('test_type:unit')).toThrow(KeelError);
  });
});

describe('select: registered methods', () => {
  afterEach(() => unregisterSelectorMethod('state'));

  it('uses a method registered later, e.g. state:modified', () => {
    const modified = new Set([id.model('stg_orders')]);
    registerSelectorMethod('state', (value) => {
      if (value !== 'modified') throw new KeelError(`unsupported state '${value}'`);
      return (node) => modified.has(node.uniqueId);
    });
    expect(pick('state:modified+', MODELS_ONLY)).toEqual(['customers', 'orders', 'revenue', 'stg_orders']);
    expect(() => pick('colour:red')).toThrow('Valid methods: config, file, fqn, package, path, resource_type, source, state, tag');
  });
});

describe('indirect test selection', () => {
  const relationships = id.test('relationships_orders_customer_id__customers');

  it('adds a test only when everything it tests is selected', () => {
    const ordersOnly = withAttachedTests(graph, new Set([id.model('orders')]));
    expect(names(ordersOnly)).toEqual(['not_null_orders_order_id', 'orders']);
    const both = withAttachedTests(graph, new Set([id.model('orders'), id.model('customers')]));
    expect(both.has(relationships)).toBe(true);
    expect(names(both)).toEqual(['customers', 'not_null_orders_order_id', 'orders', relationships.split('.')[2], 'unique_customers_customer_id']);
  });

  it('covers singular tests and tests on sources', () => {
    expect(names(withAttachedTests(graph, new Set([id.model('revenue'), id.source('web_app', 'tracks')])))).toEqual([
      'assert_revenue_positive',
      'revenue',
      'source_not_null_web_app_tracks_id',
      'web_app.tracks',
    ]);
  });

  it('eager mode adds tests touching any selected node', () => {
    expect(withAttachedTests(graph, new Set([id.model('orders')]), { mode: 'eager' }).has(relationships)).toBe(true);
  });

  it('works inside select: implied tests survive a test-only resource filter, excluded tests stay out', () => {
    expect(pick('orders customers', { indirectSelection: 'cautious', resourceTypes: ['test'] })).toEqual([
      'not_null_orders_order_id',
      'relationships_orders_customer_id__customers',
      'unique_customers_customer_id',
    ]);
    expect(pick('orders customers', { indirectSelection: 'cautious', exclude: ['test_name:relationships'], resourceTypes: ['test'] })).toEqual([
      'not_null_orders_order_id',
      'unique_customers_customer_id',
    ]);
    expect(pick('orders', { indirectSelection: 'eager', exclude: ['customers'], resourceTypes: ['test'] })).toEqual(['not_null_orders_order_id']);
  });
});
