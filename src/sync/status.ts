import type { Kysely } from 'kysely';
import type { Engine } from '../engines/engine.js';
import { createEngine } from '../engines/registry.js';
import { loadProject, type LoadOptions } from '../project/load.js';
import { runHistory } from './state/runs.js';
import type { SyncRunRow, SyncTables } from './state/tables.js';

export interface SegmentStatus {
  segment: string;
  endpoint: string;
  last: SyncRunRow;
  lastAcknowledged: SyncRunRow | null;
  lastFull: SyncRunRow | null;
  runs: SyncRunRow[];
}

/** The sync history per segment and endpoint, newest run first; empty before the first sync. */
export async function syncStatus(opts: LoadOptions & { projectDir: string; engine?: Engine }): Promise<SegmentStatus[]> {
  const project = loadProject(opts.projectDir, opts);
  const engine = opts.engine ?? (await createEngine(project.target, project.root, 1));
  if (!opts.engine) await engine.open();
  try {
    const schema = (project.target as { schema: string }).schema;
    if (!(await engine.getRelation({ schema, identifier: 'keel_sync_runs' }))) return [];
    const rows = await runHistory(engine.db as Kysely<SyncTables>, schema);
    const groups = new Map<string, SyncRunRow[]>();
    for (const r of rows) {
      const k = `${r.segment}\u0000${r.endpoint}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return [...groups.values()].map((runs) => ({
      segment: runs[0]!.segment,
      endpoint: runs[0]!.endpoint,
      last: runs[0]!,
      lastAcknowledged: runs.find((r) => r.status === 'acknowledged') ?? null,
      lastFull: runs.find((r) => r.status === 'acknowledged' && r.mode === 'full') ?? null,
      runs,
    }));
  } finally {
    if (!opts.engine) await engine.close();
  }
}

const n = (x: number) => x.toLocaleString('en-US');
const when = (d: Date | null) =>
  d
    ? new Date(d)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : '-';

/** `keel sync status` as text: one block per segment and endpoint, its recent runs below. */
export function formatStatus(statuses: SegmentStatus[], maxRuns = 5): string {
  if (!statuses.length) return 'No sync has run yet.\n';
  const lines: string[] = [];
  for (const s of statuses) {
    const ack = s.lastAcknowledged;
    lines.push(`${s.segment}  →  ${s.endpoint}`);
    lines.push(
      `  members ${ack ? n(ack.members) : '-'} as of ${when(ack?.as_of ?? null)}; last acknowledged run ${ack?.run_id ?? '-'}; last full refresh ${when(s.lastFull?.finished_at ?? null)}`,
    );
    lines.push(
      `  ${'run'.padEnd(22)} ${'status'.padEnd(13)} ${'mode'.padEnd(6)} ${'members'.padStart(10)} ${'adds'.padStart(9)} ${'removes'.padStart(9)} ${'opt-out'.padStart(8)} ${'files'.padStart(5)}  finished`,
    );
    for (const r of s.runs.slice(0, maxRuns)) {
      const files = (JSON.parse(r.files || '[]') as unknown[]).length;
      lines.push(
        `  ${r.run_id.padEnd(22)} ${r.status.padEnd(13)} ${r.mode.padEnd(6)} ${n(r.members).padStart(10)} ${n(r.adds).padStart(9)} ${n(r.removes).padStart(9)} ${n(r.optouts).padStart(8)} ${String(files).padStart(5)}  ${when(r.finished_at)}${r.message ? `\n    ${r.message.split('\n')[0]}` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
