import { KeelError } from '../core/errors.js';
import { didYouMean } from '../core/closest-name.js';
import type { ModelNode, Node, RefCall, SeedNode, SourceCall, SourceNode, TestNode } from '../core/nodes.js';

type RefableNode = ModelNode | SeedNode;

interface Lookup {
  projectName: string;
  refable: Map<string, RefableNode>;
  disabledRefable: Map<string, RefableNode>;
  sources: Map<string, SourceNode>;
  disabledSources: Map<string, SourceNode>;
  /** every node by id; built on first use, as tests mostly read what they are attached to */
  byId: () => Map<string, Node>;
  /** an enabled and a disabled node have the same name */
  disabledTwins: boolean;
}

/** A dependency that exists but is disabled; a test on it is disabled rather than failing the project (as dbt does). */
class DisabledDependency extends Error {}

/**
 * Fills `dependsOn` of every enabled node from its ref()/source() calls (and, for tests,
 * the node they are attached to). Sources that point at a seed's table depend on that seed
 * so the seed is loaded before anything reads it. Tests that depend on a disabled node are
 * disabled themselves. Disabled nodes are left alone: their refs may legitimately dangle.
 */
export function resolveDependencies(nodes: Node[], projectName: string): void {
  const lookup = buildLookup(nodes, projectName);
  const seedsByRelation = indexSeedsByRelation(nodes);
  for (const node of nodes) {
    if (node.config.enabled === false) continue;
    switch (node.kind) {
      case 'model':
        node.dependsOn = dependenciesOf(node, lookup, []);
        break;
      case 'test':
        resolveTest(node, lookup);
        break;
      case 'source': {
        const seed = node.relation && seedsByRelation.get(relationKey(node.relation));
        node.dependsOn = seed ? [seed.uniqueId] : [];
        break;
      }
      case 'seed':
        node.dependsOn = [];
        break;
    }
  }
}

function resolveTest(test: TestNode, lookup: Lookup): void {
  try {
    // resolved after refs and sources (their errors come first), listed first
    const deps = dependenciesOf(test, lookup, []);
    if (test.attachedTo !== undefined) {
      // usually also read through ref()/source(), which resolve to enabled nodes only: then it
      // exists and is enabled, unless a disabled node shares its id and is the one attached
      const at = deps.indexOf(test.attachedTo);
      if (at < 0 || lookup.disabledTwins) resolveAttachedTo(test, test.attachedTo, lookup);
      if (at >= 0) deps.splice(at, 1);
      deps.unshift(test.attachedTo);
    }
    test.dependsOn = deps;
  } catch (error) {
    if (!(error instanceof DisabledDependency)) throw error;
    test.config.enabled = false;
    test.dependsOn = [];
  }
}

function resolveAttachedTo(test: TestNode, attachedTo: string, lookup: Lookup): string {
  const target = lookup.byId().get(attachedTo);
  if (!target) {
    throw new KeelError(`Test '${test.name}' is attached to '${attachedTo}', which does not exist`, { location: { file: test.path } });
  }
  if (target.config.enabled === false) throw new DisabledDependency();
  return attachedTo;
}

/** Resolved refs then sources of `node`, each once, appended to `out`. */
function dependenciesOf(node: ModelNode | TestNode, lookup: Lookup, out: string[]): string[] {
  for (const ref of node.refs) addOnce(out, resolveRef(node, ref, lookup));
  for (const call of node.sources) addOnce(out, resolveSource(node, call, lookup));
  return out;
}

function addOnce(ids: string[], id: string): void {
  if (!ids.includes(id)) ids.push(id);
}

function resolveRef(node: ModelNode | TestNode, ref: RefCall, lookup: Lookup): string {
  if (ref.package === undefined || ref.package === lookup.projectName) {
    const target = lookup.refable.get(ref.name);
    if (target) return target.uniqueId;
  }
  const call = ref.package === undefined ? `ref('${ref.name}')` : `ref('${ref.package}', '${ref.name}')`;
  const location = { file: node.path, line: ref.line };
  if (ref.package !== undefined && ref.package !== lookup.projectName) {
    throw new KeelError(`Package '${ref.package}' not found (referenced by ${call}).`, {
      location,
      hint: `Only the current project '${lookup.projectName}' can be referenced; use ref('${ref.name}').`,
    });
  }
  const target = lookup.refable.get(ref.name);
  if (target) return target.uniqueId;
  if (lookup.disabledRefable.has(ref.name)) {
    if (node.kind === 'test') throw new DisabledDependency();
    throw new KeelError(`Model '${ref.name}' is disabled (referenced by ${call}).`, {
      location,
      hint: `Enable '${ref.name}' or remove the ref.`,
    });
  }
  throw new KeelError(`Model '${ref.name}' not found (referenced by ${call}).${didYouMean(ref.name, lookup.refable.keys())}`, { location });
}

function resolveSource(node: ModelNode | TestNode, call: SourceCall, lookup: Lookup): string {
  const key = `${call.source}.${call.table}`;
  const target = lookup.sources.get(key);
  if (target) return target.uniqueId;
  const text = `source('${call.source}', '${call.table}')`;
  if (lookup.disabledSources.has(key)) {
    if (node.kind === 'test') throw new DisabledDependency();
    throw new KeelError(`Source '${key}' is disabled (referenced by ${text}).`, { location: { file: node.path, line: call.line } });
  }
  throw new KeelError(`Source '${key}' not found (referenced by ${text}).${didYouMean(key, lookup.sources.keys())}`, {
    location: { file: node.path, line: call.line },
  });
}

function buildLookup(nodes: Node[], projectName: string): Lookup {
  const lookup: Lookup = {
    projectName,
    refable: new Map(),
    disabledRefable: new Map(),
    sources: new Map(),
    disabledSources: new Map(),
    byId: () => {
      const byId = new Map<string, Node>();
      for (const node of nodes) byId.set(node.uniqueId, node);
      lookup.byId = () => byId;
      return byId;
    },
    disabledTwins: false,
  };
  for (const node of nodes) {
    const enabled = node.config.enabled !== false;
    if (node.kind === 'model' || node.kind === 'seed') {
      const existing = lookup.refable.get(node.name);
      if (enabled && existing) {
        throw new KeelError(`Two resources are named '${node.name}': ${existing.path} and ${node.path}`, {
          location: { file: node.path },
          hint: 'ref() resolves by name, so model and seed names must be unique.',
        });
      }
      (enabled ? lookup.refable : lookup.disabledRefable).set(node.name, node);
    } else if (node.kind === 'source') {
      (enabled ? lookup.sources : lookup.disabledSources).set(`${node.sourceName}.${node.name}`, node);
    }
  }
  for (const name of lookup.disabledRefable.keys()) if (lookup.refable.has(name)) lookup.disabledTwins = true;
  for (const key of lookup.disabledSources.keys()) if (lookup.sources.has(key)) lookup.disabledTwins = true;
  return lookup;
}

function indexSeedsByRelation(nodes: Node[]): Map<string, SeedNode> {
  const seeds = new Map<string, SeedNode>();
  for (const node of nodes) {
    if (node.kind === 'seed' && node.config.enabled !== false && node.relation) seeds.set(relationKey(node.relation), node);
  }
  return seeds;
}

/** Database is ignored on purpose: sources often omit it while seeds get the target's default. */
function relationKey(relation: { schema: string; identifier: string }): string {
  return `${relation.schema}.${relation.identifier}`.toLowerCase();
}
