export { resolveDependencies } from './resolve.js';
export { buildGraph } from './build.js';
export { KeelGraph } from './keel-graph.js';
export type { NodeAttributes, NodeGraph } from './node-graph.js';
export { select, evaluate, selectAtom, unmatchedSelectors, type SelectOptions } from './select.js';
export { parseSelectors, parseAtom, type SelectorAtom, type SelectorExpression } from './selector-parser.js';
export {
  registerSelectorMethod,
  unregisterSelectorMethod,
  selectorMethodNames,
  type SelectorMethod,
  type NodePredicate,
} from './selector-methods.js';
export { withAttachedTests, type IndirectSelection } from './indirect-tests.js';
export { testGates } from './test-gates.js';
export {
  ExecutionQueue,
  isFailingOutcome,
  type ExecutionQueueOptions,
  type FailingOutcome,
  type NodeOutcome,
  type QueueStatus,
  type SkippedNode,
} from './queue.js';
export { runQueue, type RunQueueOptions } from './run-queue.js';
export { closestName, didYouMean, levenshtein } from '../core/closest-name.js';
