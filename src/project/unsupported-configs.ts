import { KeelError, type SourceLocation } from '../core/errors.js';

/**
 * Config keys dbt projects use that keel does not do. Each is refused by name: accepting one and
 * doing nothing would give a project that looks configured and is not.
 */
export const UNSUPPORTED_CONFIGS: Record<string, string> = {
  store_failures: "failing rows are not stored: run the test's compiled SQL under target/compiled/ to see them",
  store_failures_as: "failing rows are not stored: run the test's compiled SQL under target/compiled/ to see them",
  quote_columns: 'seed columns are named as written in the CSV header',
  docs: 'the docs site shows every node',
  persist_docs: 'descriptions are not written to the warehouse',
  pre_hook: 'hooks do not run: put the statement in a macro called by a model, or run it outside keel',
  post_hook: 'hooks do not run: put the statement in a macro called by a model, or run it outside keel',
  'pre-hook': 'hooks do not run: put the statement in a macro called by a model, or run it outside keel',
  'post-hook': 'hooks do not run: put the statement in a macro called by a model, or run it outside keel',
  grants: 'keel grants nothing: grant access in the warehouse',
  contract: 'model contracts are not enforced',
  fail_calc: 'a test fails on its number of rows (see warn_if / error_if)',
};

/** Throws for the first unsupported key of `config`. */
export function refuseUnsupported(config: Record<string, unknown>, location: SourceLocation | (() => SourceLocation), prefix = ''): void {
  for (const key of Object.keys(config)) {
    const why = UNSUPPORTED_CONFIGS[key];
    if (why === undefined) continue;
    throw new KeelError(`${prefix}not supported by keel: ${key}`, { location: typeof location === 'function' ? location() : location, hint: why });
  }
}
