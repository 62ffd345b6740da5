import { didYouMean } from '../core/closest-name.js';
import { KeelError } from '../core/errors.js';
import type { Node, NodeKind } from '../core/nodes.js';
import { globMatcher, hasWildcard } from './glob.js';
import type { KeelGraph } from './keel-graph.js';

export type NodePredicate = (node: Node) => boolean;

/**
 * Compiles a selector value (and dotted args, e.g. ['materialized'] for `config.materialized:`)
 * into a node predicate. Compiling once per selector keeps matching cheap on large graphs.
 */
export type SelectorMethod = (value: string, args: string[], graph: KeelGraph) => NodePredicate;

/** The kinds `resource_type:` and `ls --resource-type` take. */
export const RESOURCE_TYPES: readonly NodeKind[] = ['model', 'seed', 'source', 'test'];

const builtins: Record<string, SelectorMethod> = {
  fqn: (value) => fqnPredicate(value),
  path: (value) => pathPredicate(value),
  file: (value) => {
    const matches = globMatcher(value);
    return (node) => matches(baseName(node.path)) || matches(baseName(node.path).replace(/\.[^.]*$/, ''));
  },
  tag: (value) => {
    const matches = globMatcher(value);
    return (node) => (node.config.tags ?? []).some(matches);
  },
  config: (value, args) => configPredicate(value, args),
  source: (value) => sourcePredicate(value),
  resource_type: (value) => {
    if (!RESOURCE_TYPES.includes(value as NodeKind)) {
      throw new KeelError(`Unknown resource type '${value}'. Valid resource types: ${RESOURCE_TYPES.join(', ')}.${didYouMean(value, RESOURCE_TYPES)}`);
    }
    return (node) => node.kind === value;
  },
  test_type: (value) => testTypePredicate(value),
  test_name: (value) => {
    const matches = globMatcher(value);
    return (node) => node.kind === 'test' && matches(node.testName === 'singular' ? node.name : node.testName);
  },
  package: (value) => {
    const matches = globMatcher(value);
    return (node) => matches(projectOf(node));
  },
};

const registry = new Map<string, SelectorMethod>(Object.entries(builtins));

/** Adds (or replaces) a selector method, e.g. `state` for `state:modified`, which needs the previous manifest. */
export function registerSelectorMethod(name: string, method: SelectorMethod): void {
  registry.set(name, method);
}

export function unregisterSelectorMethod(name: string): void {
  registry.delete(name);
}

export function selectorMethodNames(): string[] {
  return [...registry.keys()].sort();
}

export function getSelectorMethod(name: string, selector: string): SelectorMethod {
  const method = registry.get(name);
  if (!method) {
    throw new KeelError(
      `Unknown selector method '${name}' in '${selector}'. Valid methods: ${selectorMethodNames().join(', ')}.${didYouMean(name, registry.keys())}`,
    );
  }
  return method;
}

/**
 * dbt's qualified-name rule: the value equals the node name, or its dot-separated parts are a
 * prefix of the node's fqn (so a folder name selects the folder), with wildcards allowed from
 * the first wildcard part on. The project-qualified fqn is tried too (`my_project.staging`).
 * Unlike dbt, a wildcard value is also tried against the bare name so `stg_*` finds nested models.
 */
function fqnPredicate(value: string): NodePredicate {
  const nameMatches = globMatcher(value);
  const fqnMatches = qualifiedNameMatcher(value.split('.'));
  return (node) => nameMatches(node.name) || fqnMatches(node.fqn) || fqnMatches([projectOf(node), ...node.fqn]);
}

function qualifiedNameMatcher(parts: string[]): (fqn: string[]) => boolean {
  const firstWildcard = parts.findIndex(hasWildcard);
  const exactParts = firstWildcard === -1 ? parts : parts.slice(0, firstWildcard);
  const restMatches = firstWildcard === -1 ? undefined : globMatcher(parts.slice(firstWildcard).join('.'));
  return (fqn) => {
    // dots inside fqn segments act as namespace separators, as in dbt
    const flat = fqn.some((segment) => segment.includes('.')) ? fqn.flatMap((segment) => segment.split('.')) : fqn;
    if (flat.length < parts.length) return false;
    for (let i = 0; i < exactParts.length; i++) if (flat[i] !== exactParts[i]) return false;
    return restMatches === undefined || restMatches(flat.slice(exactParts.length).join('.'));
  };
}

/** Matches the file or any folder above it; a bare file name (no folder) also matches by name. */
function pathPredicate(value: string): NodePredicate {
  const wanted = normalizePath(value);
  if (hasWildcard(wanted)) {
    const matches = globMatcher(wanted);
    return (node) => folderPrefixes(normalizePath(node.path)).some(matches);
  }
  const bareFileName = !wanted.includes('/');
  return (node) => {
    const path = normalizePath(node.path);
    return path === wanted || path.startsWith(`${wanted}/`) || (bareFileName && baseName(path) === wanted);
  };
}

function configPredicate(value: string, args: string[]): NodePredicate {
  if (args.length === 0) {
    throw new KeelError(`The config selector needs a key, e.g. 'config.materialized:${value}'`);
  }
  const matches = globMatcher(value);
  const matchesScalar = (v: unknown): boolean =>
    typeof v === 'string' ? matches(v) : (typeof v === 'boolean' || typeof v === 'number') && String(v).toLowerCase() === value.toLowerCase();
  return (node) => {
    let current: unknown = node.config;
    for (const key of args) {
      if (current === null || typeof current !== 'object') return false;
      current = (current as Record<string, unknown>)[key];
    }
    return Array.isArray(current) ? current.some(matchesScalar) : matchesScalar(current);
  };
}

/** `source:name`, `source:name.table` or `source:project.name.table`; selects source nodes only. */
function sourcePredicate(value: string): NodePredicate {
  const parts = value.split('.');
  if (parts.length > 3) throw new KeelError(`Invalid source selector 'source:${value}': expected source, source.table or project.source.table`);
  const [project, source, table] = parts.length === 3 ? parts.map(globMatcher) : [undefined, ...parts.map(globMatcher)];
  return (node) =>
    node.kind === 'source' && (project?.(projectOf(node)) ?? true) && (source as (s: string) => boolean)(node.sourceName) && (table?.(node.name) ?? true);
}

function testTypePredicate(value: string): NodePredicate {
  // `data` and `schema` are dbt's legacy names for singular and generic tests
  const singular = { singular: true, data: true, generic: false, schema: false }[value];
  if (singular === undefined)
    throw new KeelError(`Unknown test type '${value}'. Valid test types: generic, singular.${didYouMean(value, ['generic', 'singular'])}`);
  return (node) => node.kind === 'test' && (node.testName === 'singular') === singular;
}

/** uniqueIds are `<kind>.<project>.<...>`. */
function projectOf(node: Node): string {
  const start = node.uniqueId.indexOf('.') + 1;
  const end = node.uniqueId.indexOf('.', start);
  return end === -1 ? node.uniqueId.slice(start) : node.uniqueId.slice(start, end);
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

function baseName(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

function folderPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
