import { KeelError } from '../core/errors.js';
import type { Node } from '../core/nodes.js';
import { registerSelectorMethod, type NodePredicate } from '../graph/index.js';
import type { Manifest } from '../graph/manifest.js';
import { changedAspects, STATE_ASPECTS, type StateAspect } from './compare.js';
import { fingerprinter } from './fingerprint.js';
import type { PreviousState } from './load-state.js';

const VALUES = ['new', 'modified', ...STATE_ASPECTS.map((a) => `modified.${a}`)];

/** Set only while a selection runs: selector methods are global, the state belongs to one invocation. */
let active: ((value: string) => NodePredicate) | undefined;

registerSelectorMethod('state', (value) => {
  if (!active) {
    throw new KeelError(`'state:${value}' compares with a previous run, and no --state was given`, {
      hint: 'Pass --state <dir> with the manifest.json of that run (e.g. a copy of target/manifest.json from production).',
    });
  }
  return active(value);
});

/** Runs `select` with `state:` selectors comparing the manifest's nodes to `state`. */
export function withStateSelectors<T>(manifest: Manifest, state: PreviousState | undefined, select: () => T): T {
  const previous = active;
  active = state ? statePredicates(manifest, state) : undefined;
  try {
    return select();
  } finally {
    active = previous;
  }
}

/**
 * As in dbt, a node absent from the state is new, and new nodes count as modified (in every
 * `modified.<aspect>` too: everything about them is a change).
 */
function statePredicates(manifest: Manifest, state: PreviousState): (value: string) => NodePredicate {
  const fingerprint = fingerprinter(manifest);
  const memo = new Map<string, Set<StateAspect> | 'new'>();
  const changes = (node: Node) => {
    let c = memo.get(node.uniqueId);
    if (c === undefined) {
      const previous = state.nodes.get(node.uniqueId);
      c = previous ? changedAspects(previous, node, fingerprint(node)) : 'new';
      memo.set(node.uniqueId, c);
    }
    return c;
  };
  return (value) => {
    if (!VALUES.includes(value)) throw new KeelError(`Unknown state selector 'state:${value}'. Valid: ${VALUES.map((v) => `state:${v}`).join(', ')}`);
    if (value === 'new') return (node) => changes(node) === 'new';
    const aspect = value.split('.')[1] as StateAspect | undefined;
    return (node) => {
      const c = changes(node);
      return c === 'new' || (aspect ? c.has(aspect) : c.size > 0);
    };
  };
}
