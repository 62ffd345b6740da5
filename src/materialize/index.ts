import { KeelError } from '../core/errors.js';
import type { BuildContext, BuildResult } from './context.js';
import { buildFunnel } from './funnel/index.js';
import { buildIncremental } from './incremental.js';
import { buildJourney } from './journey/index.js';
import { buildSeed } from './seed/load-seed.js';
import { buildSegment } from './segment/index.js';
import { buildTable } from './table.js';
import { buildView } from './view.js';

export type Materializer = (ctx: BuildContext) => Promise<BuildResult>;

const materializers: ReadonlyMap<string, Materializer> = new Map<string, Materializer>([
  ['view', buildView],
  ['table', buildTable],
  ['incremental', buildIncremental],
  ['seed', buildSeed],
  ['journey', buildJourney],
  ['funnel', buildFunnel],
  ['segment', buildSegment],
]);

export function materializerFor(materialized: string, file: string): Materializer {
  const m = materializers.get(materialized);
  if (!m) {
    throw new KeelError(`materialization '${materialized}' is not supported here`, {
      location: { file },
      hint: `Supported: ${[...materializers.keys(), 'ephemeral'].join(', ')}`,
    });
  }
  return m;
}

export type { BuildContext, BuildResult } from './context.js';
export { isIncrementalRun } from './incremental.js';
