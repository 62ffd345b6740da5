import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WIRE_TYPES, type WireIdType } from '../identifiers.js';
import { JsonlGzipWriter } from './jsonl-gzip-writer.js';
import { dataFileName, markerName, typeDir, type FileDir, type SyncFile } from './sync-file.js';

export interface FileRow {
  id_type: string;
  userid: string;
  /** behavior names (DATA files only) */
  segments?: string[];
}

export interface RunFileLayout {
  runId: string;
  prefix: string;
  clientId: string;
  maxRowsPerFile: number;
  /** local directory the keys are written under */
  root: string;
}

/**
 * Writes the rows (sorted by id type, each userid once per type) as gzip JSON-lines files of at
 * most `maxRowsPerFile` lines, one series of parts per id type. Every value is checked against its
 * type before it is written: a value that is not a SHA-256 or a mobile ad id stops the run, and the
 * error never shows the value.
 */
export async function writeRunFiles(
  batches: AsyncIterable<FileRow[]>,
  dir: FileDir,
  layout: RunFileLayout,
  onFile?: (file: SyncFile) => void,
): Promise<SyncFile[]> {
  const files: SyncFile[] = [];
  const folder = typeDir(layout.prefix, layout.clientId, dir);
  let writer: JsonlGzipWriter | null = null;
  let current: WireIdType | null = null;
  let part = 0;
  let key = '';

  const close = async () => {
    if (!writer) return;
    const w = await writer.close();
    const file: SyncFile = {
      key,
      kind: dir === 'DATA' ? 'data' : 'optout',
      idType: current!,
      rows: w.rows,
      bytes: w.bytes,
      sha256: w.sha256,
      localPath: w.path,
    };
    files.push(file);
    onFile?.(file);
    writer = null;
  };

  for await (const rows of batches) {
    for (const row of rows) {
      const type = row.id_type as WireIdType;
      const wire = WIRE_TYPES[type];
      if (!wire) throw new Error(`internal error: unknown id type '${row.id_type}' in the sync delta`);
      if (!wire.valid.test(row.userid))
        throw new Error(`internal error: a ${type} value that is not a valid ${type} reached the file writer; nothing was sent`);
      if (type !== current || (writer && (writer as JsonlGzipWriter).rowCount >= layout.maxRowsPerFile)) {
        await close();
        part = type === current ? part + 1 : 1;
        current = type;
        key = `${folder}/${dataFileName(layout.runId, part, wire.suffix)}`;
        writer = new JsonlGzipWriter(join(layout.root, key));
      }
      // the userid was just checked to be hex digits and dashes: it needs no JSON escaping
      const line = dir === 'DATA' ? `{"userid":"${row.userid}","segments":${segmentsJson(row.segments ?? [])}}` : `{"userid":"${row.userid}"}`;
      const wait = writer!.writeLine(line);
      if (wait) await wait;
    }
  }
  await close();
  return files;
}

const segmentsCache = new Map<string, string>();
/** The JSON of a behavior list; a run has few distinct lists, so each is encoded once. */
function segmentsJson(segments: string[]): string {
  const key = segments.join('\u0000');
  let json = segmentsCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(segments);
    if (segmentsCache.size < 10_000) segmentsCache.set(key, json);
  }
  return json;
}

/** The empty completion marker of a directory, written locally like the files. */
export function writeMarker(dir: FileDir, layout: RunFileLayout): SyncFile {
  const key = `${typeDir(layout.prefix, layout.clientId, dir)}/${markerName(layout.runId)}`;
  const localPath = join(layout.root, key);
  mkdirSync(dirname(localPath), { recursive: true });
  writeFileSync(localPath, '');
  return { key, kind: 'marker', rows: 0, bytes: 0, sha256: createHash('sha256').digest('hex'), localPath };
}
