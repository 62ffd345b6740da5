import type { SourceNode } from '../core/nodes.js';
import { hasFreshness } from '../scheduling/freshness/thresholds.js';
import type { Manifest } from '../graph/manifest.js';

/**
 * `--require-fresh`: the sources with freshness thresholds above the selected nodes join the run
 * as checks. A check that errors fails like any node, so the queue skips everything downstream of
 * that source and builds the rest. Checking in the queue rather than up front means a source
 * loaded by a seed of this same build is checked after the seed loads.
 */
export function withFreshnessChecks(manifest: Manifest, ids: string[]): string[] {
  const checks = [...manifest.graph.ancestors(ids)].filter((id) => {
    const n = manifest.nodes.get(id)!;
    return n.kind === 'source' && hasFreshness(n as SourceNode);
  });
  return checks.length ? manifest.graph.topologicalOrder([...ids, ...checks]) : ids;
}
