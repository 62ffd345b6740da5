import type { TargetConfig } from '../project/schema.js';
import type { AnalyticsDialect } from './analytics-dialect.js';
import type { EngineCapabilities } from './capabilities.js';
import type { EngineType } from './engine-type.js';
import type { IdentifierFolding } from './identifier-folding.js';
import type { Quoting } from './quoting.js';

/**
 * Everything keel knows about an engine without its driver: cheap to load, so `keel compile`
 * (which needs quoting and the analytics spellings) never loads DuckDB's binding or an AWS SDK.
 * Its engine is made by `<engine>/connect.ts`, which the registry imports when a command connects.
 */
export interface EngineDefinition<T extends EngineType = EngineType> {
  readonly type: T;
  readonly capabilities: EngineCapabilities;
  /** names and string literals in compiled model SQL */
  readonly quoting: Quoting;
  /** the analytics kinds' SQL spellings */
  readonly analytics: AnalyticsDialect;
  /** when two relation names are one relation on this engine */
  readonly foldIdentifier: IdentifierFolding;
  /** the file an embedded database lives in, resolved against the project; undefined when it is not a file */
  databaseFile(target: TargetConfig, projectRoot: string): string | undefined;
  /**
   * the file keel's build lock is kept in (taken before the engine opens); undefined where the
   * warehouse keeps the lock itself (`Engine.tryAcquireLock`) or nothing else can reach the database
   */
  lockFile(target: TargetConfig, projectRoot: string): string | undefined;
}
