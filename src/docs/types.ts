/*
 * The data the docs site is generated from: written once by `keel docs generate` into
 * target/docs/data.js and read by the client bundle. Shared by both sides, so type-only and
 * free of Node or DOM types.
 */

export type DocsNodeKind = 'model' | 'seed' | 'source' | 'test';

export interface DocsData {
  project: { name: string; target: string; targetType: string; generatedAt: string };
  /** the run_results.json the statuses come from, when there is one */
  lastRun: { command: string; generatedAt: string; invocationId: string } | null;
  /** whether column types and kind outputs were read from the warehouse, and why not */
  warehouse: { introspected: boolean; message: string | null };
  nodes: DocsNode[];
  /** positions of the whole project's lineage graph, laid out at generate time */
  lineage: LineageLayout;
  funnels: FunnelPage[];
  segments: SegmentPage[];
}

export interface DocsColumn {
  name: string;
  /** warehouse type, else the YAML data_type */
  type: string | null;
  description: string;
  /** false: documented in YAML but absent from the warehouse relation */
  inWarehouse: boolean | null;
  /** ids of the tests on this column */
  tests: string[];
}

export interface LastRun {
  status: string;
  message: string;
  /** seconds */
  executionTime: number;
  rowsAffected: number | null;
  failures: number | null;
  bytesScanned: number | null;
  completedAt: string | null;
}

export interface DocsNode {
  id: string;
  kind: DocsNodeKind;
  name: string;
  path: string;
  fqn: string[];
  description: string;
  tags: string[];
  materialized: string | null;
  owner: string | null;
  /** quoted relation name, as compiled SQL refers to it */
  relation: string | null;
  /** the resolved config: the site's selector filter evaluates `config.*:` against it */
  config: Record<string, unknown>;
  dependsOn: string[];
  columns: DocsColumn[];
  /** ids of the tests that read this node */
  tests: string[];
  compiledSql: string | null;
  rawSql: string | null;
  lastRun: LastRun | null;
  sourceName?: string;
  testName?: string;
  /** tests: the node and column tested */
  attachedTo?: string | null;
  columnName?: string | null;
  severity?: string | null;
}

export interface LineageLayout {
  /** node id → centre, in graph units */
  positions: Record<string, { x: number; y: number }>;
  width: number;
  height: number;
}

export interface FunnelStep {
  /** 1-based */
  index: number;
  name: string;
  persons: number;
  /** 0..1, from the first step */
  conversionFromFirst: number | null;
  /** 0..1, from the step before */
  conversionFromPrevious: number | null;
  /** median seconds from the step before, when the funnel records it */
  medianSecondsFromPrevious: number | null;
}

export interface FunnelBreakdown {
  columns: string[];
  groups: { label: string; persons: number[] }[];
  /** groups left out of `groups` (the smallest) */
  others: number;
}

export interface FunnelPage {
  id: string;
  name: string;
  /** the aggregate relation the numbers come from */
  relation: string | null;
  steps: FunnelStep[];
  /** the config's grain and how many periods of entry the numbers add up */
  grain: string | null;
  periods: number;
  /** persons per step for each value of the breakdown columns (the largest groups), when the funnel has a breakdown */
  breakdown: FunnelBreakdown | null;
  /** when the funnel was last built (run_results.json), if known */
  builtAt: string | null;
  /** why there are no numbers (not built, no warehouse) */
  message: string | null;
}

export interface SegmentPoint {
  /** a build's as_of: when memberships changed */
  at: string;
  members: number;
  entered: number;
  exited: number;
}

export interface SegmentSync {
  status: string;
  mode: string | null;
  endpoint: string | null;
  members: number | null;
  adds: number;
  removes: number;
  optouts: number | null;
  unchanged: number | null;
  finishedAt: string | null;
  /** target/sync_results.json or the keel_sync_runs table */
  from: string;
}

export interface SegmentPage {
  id: string;
  name: string;
  relation: string | null;
  history: SegmentPoint[];
  /** adds and removes of the last build (the `_changes` table) */
  lastBuild: { added: number; removed: number } | null;
  lastSync: SegmentSync | null;
  message: string | null;
}
