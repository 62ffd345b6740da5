import type { ModelNode, Node, NodeConfig, RefCall, SeedNode, SourceNode, TestNode } from '../../src/core/nodes.js';

export const PROJECT = 'shop';

interface Common {
  path?: string;
  fqn?: string[];
  tags?: string[];
  enabled?: boolean;
  config?: Partial<NodeConfig>;
}

function config(defaults: Partial<NodeConfig>, opts: Common): NodeConfig {
  return { materialized: 'view', enabled: opts.enabled ?? true, tags: opts.tags ?? [], ...defaults, ...opts.config } as NodeConfig;
}

function base(kind: Node['kind'], uniqueId: string, name: string, path: string, fqn: string[]) {
  return { uniqueId, kind, name, path, fqn, columns: {}, dependsOn: [] as string[], checksum: '' };
}

/** `refs` accepts 'name', 'name@line' or a RefCall; the folder of `path` becomes the fqn. */
export function model(
  name: string,
  opts: Common & { refs?: (string | RefCall)[]; sources?: [string, string, number?][]; materialized?: NodeConfig['materialized'] } = {},
): ModelNode {
  const path = opts.path ?? `models/${name}.sql`;
  const folders = path.split('/').slice(1, -1);
  return {
    ...base('model', `model.${PROJECT}.${name}`, name, path, opts.fqn ?? [...folders, name]),
    kind: 'model',
    config: config({ materialized: opts.materialized ?? 'view' }, opts),
    relation: { schema: 'analytics', identifier: name },
    rawSql: '',
    refs: (opts.refs ?? []).map(toRef),
    sources: (opts.sources ?? []).map(([source, table, line]) => ({ source, table, line })),
    varsRead: [],
    envVarsRead: [],
    macrosCalled: [],
  };
}

export function seed(name: string, opts: Common & { schema?: string } = {}): SeedNode {
  const path = opts.path ?? `seeds/${name}.csv`;
  return {
    ...base('seed', `seed.${PROJECT}.${name}`, name, path, opts.fqn ?? [name]),
    kind: 'seed',
    config: config({ materialized: 'seed' }, opts),
    relation: { schema: opts.schema ?? 'analytics', identifier: name },
    csvPath: `/project/${path}`,
  };
}

export function source(sourceName: string, table: string, opts: Common & { schema?: string; identifier?: string } = {}): SourceNode {
  return {
    ...base('source', `source.${PROJECT}.${sourceName}.${table}`, table, opts.path ?? 'models/sources.yml', opts.fqn ?? [sourceName, table]),
    kind: 'source',
    config: config({}, opts),
    relation: { schema: opts.schema ?? sourceName, identifier: opts.identifier ?? table },
    sourceName,
  };
}

/** A generic test when `attachedTo` is given, otherwise singular. */
export function test(
  name: string,
  opts: Common & { attachedTo?: string; testName?: string; refs?: (string | RefCall)[]; sources?: [string, string][] } = {},
): TestNode {
  const singular = opts.attachedTo === undefined;
  const path = opts.path ?? (singular ? `tests/${name}.sql` : 'models/schema.yml');
  return {
    ...base('test', `test.${PROJECT}.${name}`, name, path, opts.fqn ?? [name]),
    kind: 'test',
    config: config({ materialized: 'view', severity: 'error' }, opts),
    testName: opts.testName ?? (singular ? 'singular' : name),
    attachedTo: opts.attachedTo,
    args: {},
    rawSql: '',
    refs: (opts.refs ?? []).map(toRef),
    sources: (opts.sources ?? []).map(([s, table]) => ({ source: s, table })),
  };
}

function toRef(ref: string | RefCall): RefCall {
  if (typeof ref !== 'string') return ref;
  const [name, line] = ref.split('@');
  return line === undefined ? { name } : { name, line: Number(line) };
}

export const id = {
  model: (name: string) => `model.${PROJECT}.${name}`,
  seed: (name: string) => `seed.${PROJECT}.${name}`,
  source: (sourceName: string, table: string) => `source.${PROJECT}.${sourceName}.${table}`,
  test: (name: string) => `test.${PROJECT}.${name}`,
};

/** Node names of ids (ids are `<kind>.<project>.<...name>`), sorted, for readable assertions. */
export function names(ids: Iterable<string>): string[] {
  return [...ids].map((i) => i.split('.').slice(2).join('.')).sort();
}

/**
 * A small shop project:
 *   raw_customers -> stg_customers -> orders, customers
 *   raw_orders -> stg_orders -> orders -> customers, revenue
 *   web_app.tracks -> stg_tracks -> sessions
 * plus tests on orders, customers, revenue and the tracks source.
 */
export function shopNodes(): Node[] {
  return [
    seed('raw_customers'),
    seed('raw_orders'),
    source('web_app', 'tracks'),
    source('web_app', 'pages'),
    model('stg_customers', { path: 'models/staging/stg_customers.sql', refs: ['raw_customers'], tags: ['staging', 'daily'] }),
    model('stg_orders', { path: 'models/staging/stg_orders.sql', refs: ['raw_orders'], tags: ['staging'] }),
    model('stg_tracks', { path: 'models/staging/stg_tracks.sql', sources: [['web_app', 'tracks']], tags: ['staging'] }),
    model('orders', { path: 'models/marts/orders.sql', refs: ['stg_orders', 'stg_customers'], materialized: 'table', tags: ['daily', 'finance'] }),
    model('customers', { path: 'models/marts/customers.sql', refs: ['stg_customers', 'orders'], materialized: 'table' }),
    model('sessions', {
      path: 'models/marts/sessions.sql',
      refs: ['stg_tracks'],
      materialized: 'incremental',
      config: { partitioned_by: ['event_date', 'site'] },
    }),
    model('revenue', { path: 'models/reports/revenue.sql', refs: ['orders'], materialized: 'table', tags: ['finance'] }),
    test('not_null_orders_order_id', { attachedTo: id.model('orders'), testName: 'not_null', refs: ['orders'] }),
    test('unique_customers_customer_id', { attachedTo: id.model('customers'), testName: 'unique', refs: ['customers'] }),
    test('relationships_orders_customer_id__customers', {
      attachedTo: id.model('orders'),
      testName: 'relationships',
      refs: ['orders', 'customers'],
    }),
    test('assert_revenue_positive', { refs: ['revenue'] }),
    test('source_not_null_web_app_tracks_id', { attachedTo: id.source('web_app', 'tracks'), testName: 'not_null' }),
  ];
}
