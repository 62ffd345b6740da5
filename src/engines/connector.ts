import type { TargetConfig } from '../project/schema.js';
import type { Engine } from './engine.js';

export interface ConnectOptions {
  /** connections or statements in flight at once */
  threads: number;
  /** the run's invocation id: Athena derives its ClientRequestTokens from it */
  invocationId?: string;
}

/**
 * Makes the engine of a target, not yet open. Each engine's `connect.ts` exports one; the registry
 * imports it only when a command connects, so the driver loads then and never for `keel compile`.
 */
export type Connector = (target: TargetConfig, projectRoot: string, opts: ConnectOptions) => Engine;
