import { rmSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Engine } from '../engines/engine.js';
import type { SyncSql } from '../engines/sync-sql.js';
import { dataLines, optoutLines, runShape } from './delta/line-queries.js';
import type { FileDir, SyncFile } from './files/sync-file.js';
import { writeMarker, writeRunFiles, type FileRow, type RunFileLayout } from './files/write-run-files.js';
import { acknowledgeRun, markUploaded, publicFile } from './state/runs.js';
import type { SyncTables } from './state/tables.js';
import { crashPoint } from './test-hooks.js';
import type { S3Uploader } from '../engines/aws-s3-uploader.js';
import type { RunDelivery } from './results.js';

export interface DeliverRun {
  engine: Engine;
  db: Kysely<SyncTables>;
  schema: string;
  /** the engine's sync SQL: whether the acknowledgement is one transaction */
  f: Pick<SyncSql, 'transactions'>;
  runId: string;
  endpoint: string;
  layout: RunFileLayout;
  /** null: the files are the delivery (local outbox) */
  uploader: S3Uploader | null;
  env: NodeJS.ProcessEnv;
  resumed: boolean;
  /** writes sync_results.json with the run recorded as uploaded, before the state advances */
  record: (run: RunDelivery) => void;
}

/**
 * Delivers a planned run, in the order that makes a crash anywhere safe to rerun:
 * 1. files from the pinned delta (opt-outs first: consent withdrawals are the urgent part), each
 *    uploaded once written, each directory's completion marker after its files (same keys on a
 *    rerun: overwrite);
 * 2. the run recorded (keel_sync_runs, sync_results.json) as uploaded;
 * 3. only then the acknowledged state advances, in one transaction.
 */
export async function deliverRun(d: DeliverRun): Promise<RunDelivery> {
  const shape = await runShape(d.db, d.schema, d.runId);
  const optout = await writeAndUpload(d, optoutLines(d.engine, d.schema, d.runId), 'OPTOUT');
  const data = await writeAndUpload(d, dataLines(d.engine, d.schema, d.runId, shape), 'DATA');
  const files = [...optout, ...data];
  crashPoint('after-upload', d.env);

  await markUploaded(d.db, d.schema, d.runId, files);
  const count = (kind: SyncFile['kind']) => files.filter((f) => f.kind === kind).reduce((n, f) => n + f.rows, 0);
  const delivery: RunDelivery = {
    runId: d.runId,
    status: 'planned',
    resumed: d.resumed,
    dataLines: count('data'),
    optoutLines: count('optout'),
    files: files.map(publicFile),
    message: null,
  };
  d.record(delivery);
  crashPoint('before-ack', d.env);

  await acknowledgeRun(d.db, d.schema, d.f, d.runId, d.endpoint, new Date());
  // the uploaded copies are not needed once acknowledged; the outbox keeps its files
  if (d.uploader) rmSync(d.layout.root, { recursive: true, force: true });
  return { ...delivery, status: 'acknowledged' };
}

/**
 * Writes one directory's files and uploads each as soon as it is complete, while the next one is
 * being written; the directory's completion marker goes up only after all of them.
 */
async function writeAndUpload(d: DeliverRun, rows: AsyncIterable<FileRow[]>, dir: FileDir): Promise<SyncFile[]> {
  const uploads: Promise<void>[] = [];
  const files = await writeRunFiles(rows, dir, d.layout, (file) => {
    if (!d.uploader) return;
    const upload = d.uploader.upload(file);
    // awaited below; until then a failure must not count as an unhandled rejection
    upload.catch(() => {});
    uploads.push(upload);
  });
  await Promise.all(uploads);
  if (!files.length) return files;
  const marker = writeMarker(dir, d.layout);
  if (d.uploader) await d.uploader.upload(marker);
  return [...files, marker];
}
