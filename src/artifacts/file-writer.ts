import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { KeelError } from '../core/errors.js';

export interface FileToWrite {
  path: string;
  text: string;
}

/** [size, mtimeMs, ctimeMs, inode] */
export type StatTuple = [number, number, number, number];

export interface WrittenFiles {
  /** each file's stat once written, in the order given */
  written: StatTuple[];
  /** the stat of each `statAfter` path, null when missing */
  stats: Array<StatTuple | null>;
}

/** Files being written; `finish()` blocks until they are on disk and throws if one could not be written. */
export interface PendingWrites {
  finish(): WrittenFiles;
}

// Below this many files a thread costs more than it saves.
const BACKGROUND_FROM = 2000;
const WAIT_LIMIT_MS = 10 * 60 * 1000;

/**
 * Writes `files`, on a worker thread when there are many, so the caller can build other artifacts
 * meanwhile. The stats of the files, and of the `statAfter` paths (the compile snapshot's inputs,
 * whose stats are wanted once they were read), are taken on that thread too.
 */
export function writeFiles(files: FileToWrite[], statAfter: string[] = []): PendingWrites {
  if (files.length + statAfter.length < BACKGROUND_FROM) {
    let out: WrittenFiles;
    try {
      out = writeAll(files, statAfter);
    } catch (err) {
      throw new KeelError(`Could not write compiled SQL files: ${(err as Error).message}`);
    }
    return { finish: () => out };
  }
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files, statAfter, done, port: port2 }, transferList: [port2] });
  worker.unref();
  return {
    finish() {
      if (Atomics.wait(done, 0, 0, WAIT_LIMIT_MS) === 'timed-out') throw new KeelError('Writing compiled SQL files did not finish in 10 minutes');
      const reply = receiveMessageOnPort(port1)?.message as { error: string } & WrittenFiles;
      port1.close();
      if (!reply || reply.error) throw new KeelError(`Could not write compiled SQL files: ${reply?.error ?? 'no reply from the writer'}`);
      return { written: reply.written, stats: reply.stats };
    },
  };
}

function statOf(path: string): StatTuple | null {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : null;
}

function writeAll(files: FileToWrite[], statAfter: string[]): WrittenFiles {
  const dirs = new Set<string>();
  const written: StatTuple[] = [];
  for (const f of files) {
    const dir = dirname(f.path);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    if (!holds(f)) writeFileSync(f.path, f.text);
    written.push(statOf(f.path)!);
  }
  return { written, stats: statAfter.map(statOf) };
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
const { mkdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { files, statAfter, done, port } = workerData;
const statOf = (path) => {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : null;
};
let error = '';
const written = [];
let stats = [];
try {
  const dirs = new Set();
  for (const f of files) {
    const dir = dirname(f.path);
    if (!dirs.has(dir)) { mkdirSync(dir, { recursive: true }); dirs.add(dir); }
    let same = false;
    try { same = readFileSync(f.path, 'utf8') === f.text; } catch {}
    if (!same) writeFileSync(f.path, f.text);
    written.push(statOf(f.path));
  }
  stats = statAfter.map(statOf);
} catch (e) {
  error = String((e && e.message) || e) || 'unknown error';
} finally {
  port.postMessage({ error, written, stats });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
`;
