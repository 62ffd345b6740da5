import { rmSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Engine } from '../engines/engine.js';
import { dataLines, optoutLines } from './delta/line-queries.js';
import type { SyncFile } from './files/sync-file.js';
import { writeMarker, writeRunFiles, type RunFileLayout } from './files/write-run-files.js';
import { acknowledgeRun, markUploaded, publicFile } from './state/runs.js';
import type { SyncTables } from './state/tables.js';
import { crashPoint } from './test-hooks.js';
import type { S3Uploader } from './transport/s3-uploader.js';
import type { RunDelivery } from './results.js';

export interface DeliverRun {
  engine: Engine;
  db: Kysely<SyncTables>;
  schema: string;
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
 * 1. files from the pinned delta (opt-outs first: consent withdrawals are the urgent part);
 * 2. upload, each directory's completion marker after its files (same keys on a rerun: overwrite);
 * 3. the run recorded (keel_sync_runs, sync_results.json) as uploaded;
 * 4. only then the acknowledged state advances, in one transaction.
 */
export async function deliverRun(d: DeliverRun): Promise<RunDelivery> {
  const optout = await writeRunFiles(optoutLines(d.engine, d.schema, d.runId), 'OPTOUT', d.layout);
  const data = await writeRunFiles(dataLines(d.engine, d.schema, d.runId), 'DATA', d.layout);
  const files: SyncFile[] = [...optout, ...(optout.length ? [writeMarker('OPTOUT', d.layout)] : []), ...data, ...(data.length ? [writeMarker('DATA', d.layout)] : [])];
  if (d.uploader) for (const file of files) await d.uploader.upload(file);
  crashPoint('after-upload', d.env);

  await markUploaded(d.db, d.schema, d.runId, files);
  const delivery: RunDelivery = {
    runId: d.runId,
    status: 'planned',
    resumed: d.resumed,
    dataLines: sum(data),
    optoutLines: sum(optout),
    files: files.map(publicFile),
    message: null,
  };
  d.record(delivery);
  crashPoint('before-ack', d.env);

  await acknowledgeRun(d.db, d.schema, d.runId, d.endpoint, new Date());
  // the uploaded copies are not needed once acknowledged; the outbox keeps its files
  if (d.uploader) rmSync(d.layout.root, { recursive: true, force: true });
  return { ...delivery, status: 'acknowledged' };
}

const sum = (files: SyncFile[]) => files.reduce((n, f) => n + f.rows, 0);
