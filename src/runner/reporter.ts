import type { Node } from '../core/nodes.js';
import type { NodeResult, RunResults } from './results.js';

/** What a run tells the person or scheduler watching it. The CLI prints it as text or JSON lines. */
export interface Reporter {
  runStarted(info: { command: string; invocationId: string; total: number; target: string; threads: number }): void;
  nodeStarted(node: Node, index: number, total: number): void;
  nodeFinished(result: NodeResult, index: number, total: number): void;
  runFinished(results: RunResults): void;
  warn(message: string): void;
  debug(message: string): void;
  /** something a person watching should know that is not a problem (waiting for a lock, deferred relations) */
  info?(message: string): void;
}

export const silentReporter: Reporter = {
  runStarted() {},
  nodeStarted() {},
  nodeFinished() {},
  runFinished() {},
  warn() {},
  debug() {},
};
