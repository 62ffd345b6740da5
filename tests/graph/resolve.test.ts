import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import type { Node } from '../../src/core/nodes.js';
import { resolveDependencies } from '../../src/graph/resolve.js';
import { PROJECT, id, model, seed, shopNodes, source, test } from './fixtures.js';

function resolveError(nodes: Node[]): KeelError {
  try {
    resolveDependencies(nodes, PROJECT);
  } catch (error) {
    expect(error).toBeInstanceOf(KeelError);
    return error as KeelError;
  }
  throw new Error('expected resolveDependencies to throw');
}

describe('resolveDependencies', () => {
  it('fills dependsOn from refs, sources and the tested node, without duplicates', () => {
    const nodes = shopNodes();
    resolveDependencies(nodes, PROJECT);
    const byName = new Map(nodes.map((n) => [n.uniqueId, n]));
    expect(byName.get(id.model('orders'))?.dependsOn).toEqual([id.model('stg_orders'), id.model('stg_customers')]);
    expect(byName.get(id.model('stg_customers'))?.dependsOn).toEqual([id.seed('raw_customers')]);
    expect(byName.get(id.model('stg_tracks'))?.dependsOn).toEqual([id.source('web_app', 'tracks')]);
    expect(byName.get(id.test('relationships_orders_customer_id__customers'))?.dependsOn).toEqual([id.model('orders'), id.model('customers')]);
    expect(byName.get(id.test('source_not_null_web_app_tracks_id'))?.dependsOn).toEqual([id.source('web_app', 'tracks')]);
  });

  it('accepts the two-argument ref form naming the current project', () => {
    const nodes = [seed('raw'), model('a', { refs: [{ package: PROJECT, name: 'raw' }, 'raw'] })];
    resolveDependencies(nodes, PROJECT);
    expect(nodes[1].dependsOn).toEqual([id.seed('raw')]);
  });

  it('rejects a ref into another package', () => {
    const error = resolveError([model('a', { refs: [{ package: 'dbt_utils', name: 'raw', line: 4 }] })]);
    expect(error.message).toBe("Package 'dbt_utils' not found (referenced by ref('dbt_utils', 'raw')).");
    expect(error.location).toEqual({ file: 'models/a.sql', line: 4 });
  });

  it('reports a missing ref with the file, line and closest name', () => {
    const nodes = [
      model('stg_orders', { path: 'models/staging/stg_orders.sql' }),
      model('stg_customers', { path: 'models/staging/stg_customers.sql' }),
      model('orders', { path: 'models/marts/orders.sql', refs: ['stg_customers@2', 'stg_ordrs@7'] }),
    ];
    const error = resolveError(nodes);
    expect(error.message).toBe("Model 'stg_ordrs' not found (referenced by ref('stg_ordrs')). Did you mean 'stg_orders'?");
    expect(error.location).toEqual({ file: 'models/marts/orders.sql', line: 7 });
    expect(error.format()).toBe("models/marts/orders.sql:7: Model 'stg_ordrs' not found (referenced by ref('stg_ordrs')). Did you mean 'stg_orders'?");
  });

  it('does not suggest a name that is nothing like the missing one', () => {
    const error = resolveError([model('customers'), model('a', { refs: ['zzz_payments'] })]);
    expect(error.message).toBe("Model 'zzz_payments' not found (referenced by ref('zzz_payments')).");
  });

  it('reports a missing source with the closest source.table', () => {
    const error = resolveError([source('web_app', 'tracks'), model('a', { sources: [['web_app', 'trackz', 3]] })]);
    expect(error.message).toBe("Source 'web_app.trackz' not found (referenced by source('web_app', 'trackz')). Did you mean 'web_app.tracks'?");
    expect(error.location).toEqual({ file: 'models/a.sql', line: 3 });
  });

  it('refuses refs to disabled models and says so', () => {
    const error = resolveError([model('old', { enabled: false }), model('a', { refs: ['old@5'] })]);
    expect(error.message).toBe("Model 'old' is disabled (referenced by ref('old')).");
    expect(error.location).toEqual({ file: 'models/a.sql', line: 5 });
  });

  it('disables a test whose model is disabled instead of failing', () => {
    const nodes = [model('old', { enabled: false }), test('not_null_old_id', { attachedTo: id.model('old'), refs: ['old'] })];
    resolveDependencies(nodes, PROJECT);
    expect(nodes[1].config.enabled).toBe(false);
  });

  it('ignores broken refs inside disabled models', () => {
    const nodes = [model('a', { enabled: false, refs: ['missing'] })];
    expect(() => resolveDependencies(nodes, PROJECT)).not.toThrow();
  });

  it('makes a source that reads a seed table depend on that seed (case-insensitively)', () => {
    const nodes = [seed('Raw_Payments', { schema: 'Landing' }), source('landing', 'raw_payments'), source('landing', 'raw_refunds')];
    resolveDependencies(nodes, PROJECT);
    expect(nodes[1].dependsOn).toEqual([id.seed('Raw_Payments')]);
    expect(nodes[2].dependsOn).toEqual([]);
  });

  it('rejects a model and a seed with the same name', () => {
    const error = resolveError([seed('orders'), model('orders')]);
    expect(error.message).toBe("Two resources are named 'orders': seeds/orders.csv and models/orders.sql");
  });
});
