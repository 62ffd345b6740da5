import type { SyncFile } from './files/sync-file.js';

export type SegmentStatus = 'acknowledged' | 'failed' | 'planned' | 'uploaded' | 'dry_run';

export interface SegmentResult {
  segment: string;
  uniqueId: string;
  runId: string | null;
  status: SegmentStatus;
  mode: 'full' | 'delta' | null;
  behavior: { name: string; id: number | null; created: boolean } | null;
  audience?: { name: string; id: number; created: boolean };
  counts: { members: number; adds: number; removes: number; optouts: number; unchanged: number; invalidIds: number };
  message: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface RunDelivery {
  runId: string;
  status: 'acknowledged' | 'planned';
  resumed: boolean;
  /** lines in DATA / OPTOUT files */
  dataLines: number;
  optoutLines: number;
  files: Omit<SyncFile, 'localPath'>[];
  message: string | null;
}

export interface SyncResults {
  invocationId: string;
  /** `s3://bucket/prefix/client_id=N` or `outbox` */
  endpoint: string;
  delivery: 's3' | 'outbox';
  /** local directory holding the files (the outbox, or the staging area of an upload) */
  localRoot: string;
  dryRun: boolean;
  runs: RunDelivery[];
  segments: SegmentResult[];
  success: boolean;
  startedAt: string;
  finishedAt: string;
  elapsed: number;
}

export const emptyCounts = (): SegmentResult['counts'] => ({ members: 0, adds: 0, removes: 0, optouts: 0, unchanged: 0, invalidIds: 0 });
