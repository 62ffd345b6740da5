import type { ModelNode } from '../core/nodes.js';
import { select } from '../graph/index.js';
import type { Manifest } from '../graph/manifest.js';
import { syncConfigOf } from './segment-source.js';
import type { LotameSyncConfig } from '../project/sync-schema.js';

export interface SelectedSegment {
  node: ModelNode;
  config: LotameSyncConfig;
}

/** The selected models that have a `sync.lotame` config, in DAG order (all of them without --select). */
export function selectSegments(manifest: Manifest, args: { select?: string[]; exclude?: string[] }): SelectedSegment[] {
  const ids = select(manifest.graph, { select: args.select, exclude: args.exclude, resourceTypes: ['model'] });
  const out: SelectedSegment[] = [];
  for (const id of ids) {
    const node = manifest.nodes.get(id);
    if (node?.kind !== 'model') continue;
    const config = syncConfigOf(node);
    if (config) out.push({ node, config });
  }
  return out;
}
