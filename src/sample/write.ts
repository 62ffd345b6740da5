import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { csvLine, csvRow } from './csv.js';
import { generateWorkspaceData, resolveSampleOptions, type SampleOptions } from './generate.js';
import { TABLES, tableFile, tableSpec, type TableName } from './tables.js';

export interface WrittenTable {
  table: TableName;
  /** path relative to the seeds directory */
  file: string;
  rows: number;
  bytes: number;
}

export interface WriteOptions extends Partial<SampleOptions> {
  /** called every `progressEvery` rows with the running total (for progress output and memory checks) */
  onProgress?: (rowsWritten: number) => void;
  progressEvery?: number;
  /**
   * Writes only the rows the warehouse had loaded by then (`received_at` before it, as
   * `YYYY-MM-DD HH:MM:SS.mmm` UTC): the same sample written with and without it differs by
   * appended rows only, as a warehouse does from one day to the next.
   */
  receivedBefore?: string;
}

/** flush a table's buffer to its stream at this size: few syscalls, bounded memory */
const CHUNK_BYTES = 256 * 1024;

interface Output {
  stream: WriteStream;
  buffer: string;
  rows: number;
  bytes: number;
}

/** Streams the sample into `dir` (seeds/ layout: products.csv, web_app/tracks.csv, ...). */
export async function writeSampleSeeds(dir: string, options: WriteOptions = {}): Promise<WrittenTable[]> {
  const opts = resolveSampleOptions(options);
  const progressEvery = options.progressEvery ?? 100_000;
  const outputs = new Map<TableName, Output>();
  for (const spec of TABLES) {
    const path = join(dir, tableFile(spec.name));
    await mkdir(dirname(path), { recursive: true });
    const header = csvLine(spec.columns);
    outputs.set(spec.name, { stream: createWriteStream(path), buffer: header, rows: 0, bytes: Buffer.byteLength(header) });
  }

  let total = 0;
  const identified = new Set<string>();
  for (const { table, row } of generateWorkspaceData(opts)) {
    const out = outputs.get(table);
    if (!out) throw new Error(`no output for table ${table}`);
    if (options.receivedBefore !== undefined) {
      if (!loadedBefore(row, options.receivedBefore)) continue;
      // the app's device registry knows a person once the web app has identified them
      if (table === 'identifies' && typeof row.user_id === 'string') identified.add(row.user_id);
      if (table === 'mobile_devices' && !identified.has(row.user_id as string)) continue;
    }
    const line = csvRow(tableSpec(table).columns, row);
    out.buffer += line;
    out.rows++;
    out.bytes += Buffer.byteLength(line);
    if (out.buffer.length >= CHUNK_BYTES) await flush(out);
    if (++total % progressEvery === 0) options.onProgress?.(total);
  }

  for (const out of outputs.values()) {
    await flush(out);
    out.stream.end();
    await once(out.stream, 'finish');
  }
  return TABLES.map((spec) => {
    const out = outputs.get(spec.name)!;
    return { table: spec.name, file: tableFile(spec.name), rows: out.rows, bytes: out.bytes };
  });
}

async function flush(out: Output): Promise<void> {
  if (out.buffer === '') return;
  const ok = out.stream.write(out.buffer);
  out.buffer = '';
  if (!ok) await once(out.stream, 'drain');
}

/** Event rows by when RudderStack received them; the app's device registry by when the device was first seen. */
function loadedBefore(row: Record<string, unknown>, before: string): boolean {
  const at = row.received_at ?? row.first_seen_at;
  return typeof at !== 'string' || at < before;
}
