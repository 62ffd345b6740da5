import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../engines/engine.js';
import type { Quoting } from '../../engines/quoting.js';
import type { SegmentSync } from '../types.js';
import { toIsoTime, toNumber, toNumberOrNull } from './values.js';

interface RawSegmentResult {
  uniqueId?: string;
  segment?: string;
  status?: string;
  mode?: string | null;
  counts?: { members?: number; adds?: number; removes?: number; optouts?: number; unchanged?: number };
  finishedAt?: string;
}

/** The last `keel sync` invocation's result per segment model id, from target/sync_results.json. */
export function readSyncResults(targetPath: string): Map<string, SegmentSync> {
  const path = join(targetPath, 'sync_results.json');
  const out = new Map<string, SegmentSync>();
  if (!existsSync(path)) return out;
  let raw: { endpoint?: string; segments?: RawSegmentResult[] };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return out;
  }
  for (const s of raw.segments ?? []) {
    if (!s.uniqueId) continue;
    out.set(s.uniqueId, {
      status: s.status ?? 'unknown',
      mode: s.mode ?? null,
      endpoint: raw.endpoint ?? null,
      members: s.counts?.members ?? null,
      adds: s.counts?.adds ?? 0,
      removes: s.counts?.removes ?? 0,
      optouts: s.counts?.optouts ?? null,
      unchanged: s.counts?.unchanged ?? null,
      finishedAt: s.finishedAt ?? null,
      from: 'target/sync_results.json',
    });
  }
  return out;
}

/**
 * The newest run per segment model id in the keel_sync_runs table (the sync keeps it in the
 * target schema), which outlives sync_results.json: that file only holds the last invocation.
 */
export async function readSyncRuns(engine: Engine, quoting: Quoting, schema: string): Promise<Map<string, SegmentSync>> {
  const out = new Map<string, SegmentSync>();
  const table = { schema, identifier: 'keel_sync_runs' };
  if (!(await engine.getRelation(table))) return out;
  const q = quoting.quoteIdentifier;
  const cols = ['model_id', 'status', 'mode', 'endpoint', 'members', 'adds', 'removes', 'optouts', 'unchanged', 'started_at', 'finished_at'];
  const { rows } = await engine.execute(`select ${cols.map(q).join(', ')} from ${quoting.quoteRelation(table)} order by ${q('started_at')} desc`);
  for (const r of rows) {
    const id = String(r.model_id ?? '');
    if (!id || out.has(id)) continue;
    out.set(id, {
      status: String(r.status),
      mode: r.mode === null ? null : String(r.mode),
      endpoint: r.endpoint === null ? null : String(r.endpoint),
      members: toNumberOrNull(r.members),
      adds: toNumber(r.adds) || 0,
      removes: toNumber(r.removes) || 0,
      optouts: toNumberOrNull(r.optouts),
      unchanged: toNumberOrNull(r.unchanged),
      finishedAt: toIsoTime(r.finished_at ?? r.started_at),
      from: 'keel_sync_runs',
    });
  }
  return out;
}

/** Of two reports on the same segment, the one that finished last. */
export function newerSync(a: SegmentSync | undefined, b: SegmentSync | undefined): SegmentSync | null {
  if (!a || !b) return a ?? b ?? null;
  return (b.finishedAt ?? '') > (a.finishedAt ?? '') ? b : a;
}
