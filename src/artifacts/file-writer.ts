import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { KeelError } from '../core/errors.js';

export interface FileToWrite {
  path: string;
  text: string;
}

export interface WrittenFiles {
  /** for each file, in the order given: whether it was written (its content on disk differed, or it was missing) */
  changed: boolean[];
}

/** Files being written; `finish()` blocks until they are on disk and throws if one could not be written. */
export interface PendingWrites {
  finish(): WrittenFiles;
}

// Below this many files a thread's start costs more than it saves.
const BACKGROUND_FROM = 2000;
const WAIT_LIMIT_MS = 10 * 60 * 1000;

/**
 * Plain CommonJS, run as is on the worker and through `new Function` here, so both threads write
 * alike, from dist/ and from the TypeScript sources in tests. A file that already holds the text is
 * left alone (an edited or deleted one is restored). One that differs is overwritten in place and
 * cut to length: truncating to zero first (what writeFileSync does) made every rewrite allocate
 * the file anew, ten times slower here.
 */
const WRITE_ALL_SOURCE = `
const { closeSync, fstatSync, mkdirSync, openSync, readSync, writeFileSync, writeSync, ftruncateSync } = require('node:fs');
const { dirname } = require('node:path');
const writeOne = (path, text) => {
  let fd;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    writeFileSync(path, text);
    return true;
  }
  try {
    const want = Buffer.from(text);
    const size = fstatSync(fd).size;
    let same = false;
    if (size === want.length) {
      const have = Buffer.allocUnsafe(size);
      same = readSync(fd, have, 0, size, 0) === size && have.equals(want);
    }
    if (!same) {
      let at = 0;
      while (at < want.length) at += writeSync(fd, want, at, want.length - at, at);
      if (size !== want.length) ftruncateSync(fd, want.length);
    }
    return !same;
  } finally {
    closeSync(fd);
  }
};
return (files) => {
  const dirs = new Set();
  const changed = [];
  for (const f of files) {
    const dir = dirname(f.path);
    if (!dirs.has(dir)) { mkdirSync(dir, { recursive: true }); dirs.add(dir); }
    changed.push(writeOne(f.path, f.text));
  }
  return { changed };
};
`;

type WriteAll = (files: FileToWrite[]) => WrittenFiles;
let writeAllHere: WriteAll | undefined;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const writeAll = (function (require) { ${WRITE_ALL_SOURCE} })(require);
const { files, done, port } = workerData;
let reply;
try {
  reply = { error: '', ...writeAll(files) };
} catch (e) {
  reply = { error: String((e && e.message) || e) || 'unknown error' };
} finally {
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
`;

/**
 * Writes `files`, on a worker thread when there are many, so the caller can build other artifacts
 * meanwhile.
 */
export function writeFiles(files: FileToWrite[]): PendingWrites {
  if (files.length < BACKGROUND_FROM) {
    writeAllHere ??= new Function('require', WRITE_ALL_SOURCE)(createRequire(import.meta.url)) as WriteAll;
    let out: WrittenFiles;
    try {
      out = writeAllHere(files);
    } catch (err) {
      throw new KeelError(`Could not write compiled SQL files: ${(err as Error).message}`);
    }
    return { finish: () => out };
  }
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files, done, port: port2 }, transferList: [port2] });
  worker.unref();
  return {
    finish() {
      if (Atomics.wait(done, 0, 0, WAIT_LIMIT_MS) === 'timed-out') throw new KeelError('Writing compiled SQL files did not finish in 10 minutes');
      const reply = receiveMessageOnPort(port1)?.message as ({ error: string } & WrittenFiles) | undefined;
      port1.close();
      if (!reply || reply.error) throw new KeelError(`Could not write compiled SQL files: ${reply?.error ?? 'no reply from the writer'}`);
      return { changed: reply.changed };
    },
  };
}
