import type { Node } from '../core/nodes.js';
import type { NodeFingerprint } from './fingerprint.js';
import type { StateNode } from './load-state.js';

/** The places a change can be in; `state:modified.<aspect>` selects by one of them. */
export const STATE_ASPECTS = ['body', 'configs', 'macros', 'vars', 'env_vars', 'properties'] as const;
export type StateAspect = (typeof STATE_ASPECTS)[number];

const sameMap = (a: Record<string, string> = {}, b: Record<string, string> = {}) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
};

/**
 * What changed in `node` since `previous` was written. Relations and compiled SQL are left out on
 * purpose: they differ between targets (a CI schema against production), not between versions.
 */
export function changedAspects(previous: StateNode, node: Node, now: NodeFingerprint): Set<StateAspect> {
  const before = previous.state;
  const changed = new Set<StateAspect>();
  if (previous.checksum?.checksum !== node.checksum) changed.add('body');
  if (before?.config !== now.config) changed.add('configs');
  if (before?.properties !== now.properties) changed.add('properties');
  if (!sameMap(before?.macros, now.macros)) changed.add('macros');
  if (!sameMap(before?.vars, now.vars)) changed.add('vars');
  if (!sameMap(before?.env_vars, now.env_vars)) changed.add('env_vars');
  return changed;
}
