import type { Relation } from './relation.js';

/** A `ref()` call captured while rendering; resolved to a uniqueId by the graph. */
export interface RefCall {
  name: string;
  package?: string;
  /** line of the call in the model file, when it could be found */
  line?: number;
}

/** A `source()` call captured while rendering. */
export interface SourceCall {
  source: string;
  table: string;
  line?: number;
}

export type NodeKind = 'model' | 'seed' | 'source' | 'test';

export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral' | 'seed' | 'journey' | 'funnel' | 'segment';

export type Severity = 'warn' | 'error';

/** Resolved config of a node: folder defaults from project.yml, then YAML properties, then config() in the body. */
export interface NodeConfig {
  materialized: Materialization;
  enabled: boolean;
  schema?: string;
  alias?: string;
  tags: string[];
  /** incremental */
  unique_key?: string | string[];
  incremental_strategy?: string;
  on_schema_change?: string;
  full_refresh?: boolean;
  /** tests */
  severity?: Severity;
  where?: string;
  warn_if?: string;
  error_if?: string;
  /** seeds */
  column_types?: Record<string, string>;
  /** everything else (engine-specific: partitioned_by, dist, sort, journey/funnel/segment specs...) */
  [key: string]: unknown;
}

export interface ColumnDoc {
  name: string;
  description?: string;
  data_type?: string;
  tests?: unknown[];
}

export interface BaseNode {
  /** `model.<project>.<name>`, `seed.<project>.<name>`, `source.<project>.<source>.<table>`, `test.<project>.<name>` */
  uniqueId: string;
  kind: NodeKind;
  name: string;
  /** file the node comes from, relative to the project root */
  path: string;
  /** folder path parts below models/ (or seeds/) plus the name, used for folder configs and path: selection */
  fqn: string[];
  description?: string;
  columns: Record<string, ColumnDoc>;
  config: NodeConfig;
  /** uniqueIds this node depends on (refs, sources, the tested model) */
  dependsOn: string[];
  /** warehouse relation the node reads from / writes to (absent for ephemeral models and tests) */
  relation?: Relation;
  /** content checksum (sha256 of raw file content / seed bytes) */
  checksum: string;
  meta?: Record<string, unknown>;
}

export interface ModelNode extends BaseNode {
  kind: 'model';
  rawSql: string;
  /** rendered SQL with relation placeholders, before refs are resolved */
  renderedSql?: string;
  /** SQL with refs resolved and ephemeral CTEs injected; filled by the compiler */
  compiledSql?: string;
  refs: RefCall[];
  sources: SourceCall[];
  /** vars and env vars this model read while rendering (for caching and state:modified) */
  varsRead: string[];
  envVarsRead: string[];
  macrosCalled: string[];
}

export interface SeedNode extends BaseNode {
  kind: 'seed';
  /** absolute path of the CSV */
  csvPath: string;
}

export interface SourceNode extends BaseNode {
  kind: 'source';
  sourceName: string;
  loadedAtField?: string;
  freshness?: {
    warn_after?: { count: number; period: 'minute' | 'hour' | 'day' };
    error_after?: { count: number; period: 'minute' | 'hour' | 'day' };
    filter?: string;
  };
}

export interface TestNode extends BaseNode {
  kind: 'test';
  /** generic test name (unique, not_null, ...) or 'singular' */
  testName: string;
  /** the node the test is attached to (generic tests) */
  attachedTo?: string;
  columnName?: string;
  /** arguments given in YAML */
  args: Record<string, unknown>;
  rawSql: string;
  renderedSql?: string;
  refs: RefCall[];
  sources: SourceCall[];
  compiledSql?: string;
}

export type Node = ModelNode | SeedNode | SourceNode | TestNode;
