import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { KeelError } from '../core/errors.js';

export interface FileToWrite {
  path: string;
  text: string;
}

/** Files being written; `finish()` blocks until they are on disk and throws if one could not be written. */
export interface PendingWrites {
  finish(): void;
}

// Below this many files a thread costs more than it saves.
const BACKGROUND_FROM = 2000;
const WAIT_LIMIT_MS = 10 * 60 * 1000;

/** Writes `files`, on a worker thread when there are many, so the caller can build other artifacts meanwhile. */
export function writeFiles(files: FileToWrite[]): PendingWrites {
  if (files.length < BACKGROUND_FROM) {
    try {
      writeAll(files);
    } catch (err) {
      throw new KeelError(`Could not write compiled SQL files: ${(err as Error).message}`);
    }
    return { finish: () => {} };
  }
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files, done, port: port2 }, transferList: [port2] });
  worker.unref();
  return {
    finish() {
      if (Atomics.wait(done, 0, 0, WAIT_LIMIT_MS) === 'timed-out') throw new KeelError('Writing compiled SQL files did not finish in 10 minutes');
      const error = receiveMessageOnPort(port1)?.message as string | undefined;
      port1.close();
      if (error) throw new KeelError(`Could not write compiled SQL files: ${error}`);
    },
  };
}

function writeAll(files: FileToWrite[]): void {
  const dirs = new Set<string>();
  for (const f of files) {
    const dir = dirname(f.path);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    if (!holds(f)) writeFileSync(f.path, f.text);
  }
}

/** Whether the file already holds exactly this text: reading is much cheaper than rewriting here. */
function holds(f: FileToWrite): boolean {
  try {
    return readFileSync(f.path, 'utf8') === f.text;
  } catch {
    return false;
  }
}

// Plain CommonJS evaluated by the worker, so it runs the same from dist/ and from the TypeScript sources in tests.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { files, done, port } = workerData;
let error = '';
try {
  const dirs = new Set();
  for (const f of files) {
    const dir = dirname(f.path);
    if (!dirs.has(dir)) { mkdirSync(dir, { recursive: true }); dirs.add(dir); }
    let same = false;
    try { same = readFileSync(f.path, 'utf8') === f.text; } catch {}
    if (!same) writeFileSync(f.path, f.text);
  }
} catch (e) {
  error = String((e && e.message) || e) || 'unknown error';
} finally {
  port.postMessage(error);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
`;
