import { isAbsolute, join, resolve } from 'node:path';
import type { ModelNode } from '../core/nodes.js';
import { prepareManifest, type Manifest, type PrepareOptions } from '../graph/manifest.js';
import { layoutLineage } from './client/layout.js';
import { lineageGraph } from './client/lineage-data.js';
import { catalogNodes } from './data/catalog.js';
import { loadFunnelPage } from './data/funnels.js';
import { readRunResults } from './data/run-results.js';
import { loadSegmentPage } from './data/segments.js';
import { newerSync, readSyncResults, readSyncRuns } from './data/sync-results.js';
import { introspectColumns, openWarehouse, type Warehouse } from './data/warehouse.js';
import { writeSite } from './site/write-site.js';
import type { DocsData, FunnelPage, SegmentPage } from './types.js';

export interface GenerateOptions extends PrepareOptions {
  /** output folder; default <target-path>/docs */
  outDir?: string;
  /** false: leave the warehouse alone (no column types, no funnel or segment numbers) */
  warehouse?: boolean;
  now?: Date;
}

export interface GenerateResult {
  outDir: string;
  data: DocsData;
  files: string[];
}

/** `keel docs generate`: the project, the last run's results and the warehouse's view of both, as a static site. */
export async function generateDocs(opts: GenerateOptions): Promise<GenerateResult> {
  const m = prepareManifest(opts);
  const outDir = opts.outDir ? (isAbsolute(opts.outDir) ? opts.outDir : resolve(opts.outDir)) : join(m.project.targetPath, 'docs');
  const runs = readRunResults(m.project.targetPath);
  const wh: Warehouse = opts.warehouse === false ? { engine: null, message: 'the warehouse was not read (--no-warehouse)' } : await openWarehouse(m.project);
  let data: DocsData;
  try {
    const columns = wh.engine ? await introspectColumns(wh.engine, m.graph.nodes()) : new Map();
    const nodes = catalogNodes(m, { warehouseColumns: columns, runResults: runs.byId });
    const g = lineageGraph(nodes);
    data = {
      project: { name: m.project.name, target: m.project.targetName, targetType: m.project.target.type, generatedAt: (opts.now ?? new Date()).toISOString() },
      lastRun: runs.meta,
      warehouse: { introspected: wh.engine !== null, message: wh.message },
      nodes,
      lineage: layoutLineage(g.nodes, g.edges),
      funnels: await funnelPages(m, wh, runs.byId),
      segments: await segmentPages(m, wh),
    };
  } finally {
    await wh.engine?.close();
  }
  const files = await writeSite(outDir, data);
  return { outDir, data, files };
}

const modelsOf = (m: Manifest, kind: string) => m.graph.nodes().filter((n): n is ModelNode => n.kind === 'model' && n.config.materialized === kind);

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function funnelPages(m: Manifest, wh: Warehouse, runs: ReturnType<typeof readRunResults>['byId']): Promise<FunnelPage[]> {
  const pages: FunnelPage[] = [];
  for (const node of modelsOf(m, 'funnel')) {
    const builtAt = runs.get(node.uniqueId)?.completedAt ?? null;
    try {
      pages.push(await loadFunnelPage(wh.engine, m.quoting, node, builtAt, wh.message));
    } catch (e) {
      // one funnel whose tables are unreadable should not take the whole site down
      pages.push({
        id: node.uniqueId,
        name: node.name,
        relation: null,
        steps: [],
        grain: null,
        periods: 0,
        breakdown: null,
        builtAt,
        message: `could not read the funnel: ${messageOf(e)}`,
      });
    }
  }
  return pages;
}

async function segmentPages(m: Manifest, wh: Warehouse): Promise<SegmentPage[]> {
  const segments = modelsOf(m, 'segment');
  if (!segments.length) return [];
  const fromFile = readSyncResults(m.project.targetPath);
  const schema = (m.project.target as { schema?: string }).schema;
  const fromTable = wh.engine && schema ? await readSyncRuns(wh.engine, m.quoting, schema).catch(() => new Map()) : new Map();
  const pages: SegmentPage[] = [];
  for (const node of segments) {
    const lastSync = newerSync(fromFile.get(node.uniqueId), fromTable.get(node.uniqueId));
    try {
      pages.push(await loadSegmentPage(wh.engine, m.quoting, node, lastSync, wh.message));
    } catch (e) {
      pages.push({
        id: node.uniqueId,
        name: node.name,
        relation: null,
        history: [],
        lastBuild: null,
        lastSync,
        message: `could not read the segment: ${messageOf(e)}`,
      });
    }
  }
  return pages;
}
