import type { WireIdType } from '../identifiers.js';

/** One object of a sync run in the onboarding bucket (or the local outbox). */
export interface SyncFile {
  /** object key in the bucket */
  key: string;
  kind: 'data' | 'optout' | 'marker';
  idType?: WireIdType;
  /** JSON lines in the file (0 for a marker) */
  rows: number;
  bytes: number;
  /** SHA-256 of the bytes as uploaded (gzip) */
  sha256: string;
  /** where it was written locally before upload */
  localPath: string;
}

export type FileDir = 'DATA' | 'OPTOUT';

/** Where a run's files go: the onboarding layout `<prefix>/client_id=<id>/type=<DATA|OPTOUT>/`. */
export function typeDir(prefix: string, clientId: string, dir: FileDir): string {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  return `${base ? `${base}/` : ''}client_id=${clientId}/type=${dir}`;
}

/**
 * Names are a function of the run id and the part only, so a rerun of the same run writes (and
 * overwrites) the same objects. The `_EMAIL_SHA256` / `_MAID` suffix tells Lotame the id type.
 */
export function dataFileName(runId: string, part: number, suffix: string): string {
  return `keel_${runId}_${String(part).padStart(4, '0')}_${suffix}.json.gz`;
}

/** The completion marker, uploaded after every file of its directory. */
export function markerName(runId: string): string {
  return `keel_${runId}.done`;
}
