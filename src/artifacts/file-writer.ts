import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { KeelError } from '../core/errors.js';
import type { KnownFiles } from './known-files.js';

export interface FileToWrite {
  path: string;
  text: string;
}

export interface WrittenFiles {
  /** for each file, in the order given: whether it was written (its content on disk differed, or it was missing) */
  changed: boolean[];
}

/** What the writer reports: also each file's stat once it held its text. */
interface WriterReply extends WrittenFiles {
  stats: string[];
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
const { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync, ftruncateSync } = require('node:fs');
const { dirname } = require('node:path');
// the file as it is once written or found equal (see KnownFiles): a later change of it changes this
const statKey = (fd) => {
  const s = fstatSync(fd, { bigint: true });
  return s.ino + ':' + s.size + ':' + s.mtimeNs + ':' + s.ctimeNs;
};
const writeAll = (fd, bytes) => {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at, at);
};
const writeOne = (path, text) => {
  let fd;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    fd = openSync(path, 'w');
    try {
      writeAll(fd, Buffer.from(text));
      return [true, statKey(fd)];
    } finally {
      closeSync(fd);
    }
  }
  try {
    const want = Buffer.from(text);
    const size = Number(fstatSync(fd).size);
    let same = false;
    if (size === want.length) {
      const have = Buffer.allocUnsafe(size);
      same = readSync(fd, have, 0, size, 0) === size && have.equals(want);
    }
    if (!same) {
      writeAll(fd, want);
      if (size !== want.length) ftruncateSync(fd, want.length);
    }
    return [!same, statKey(fd)];
  } finally {
    closeSync(fd);
  }
};
return (files) => {
  const dirs = new Set();
  const changed = [];
  const stats = [];
  for (const f of files) {
    const dir = dirname(f.path);
    if (!dirs.has(dir)) { mkdirSync(dir, { recursive: true }); dirs.add(dir); }
    const [c, st] = writeOne(f.path, f.text);
    changed.push(c);
    stats.push(st);
  }
  return { changed, stats };
};
`;

type WriteAll = (files: FileToWrite[]) => WriterReply;
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
 * meanwhile. With `known` (a long-lived process's), a file this process wrote or found equal, and
 * that has not changed on disk since (same inode, size, mtime and ctime), is not read again.
 */
export function writeFiles(files: FileToWrite[], known?: KnownFiles): PendingWrites {
  if (!known) return startWrites(files);
  const todo: number[] = [];
  for (let i = 0; i < files.length; i++) if (!known.holds(files[i]!.path, files[i]!.text)) todo.push(i);
  const pending = startWrites(todo.map((i) => files[i]!));
  return {
    finish() {
      const { changed, stats } = pending.finish();
      const all = new Array<boolean>(files.length).fill(false);
      todo.forEach((i, j) => {
        all[i] = changed[j]!;
        known.remember(files[i]!.path, files[i]!.text, stats[j]!);
      });
      return { changed: all };
    },
  };
}

function startWrites(files: FileToWrite[]): { finish(): WriterReply } {
  if (files.length < BACKGROUND_FROM) {
    writeAllHere ??= new Function('require', WRITE_ALL_SOURCE)(createRequire(import.meta.url)) as WriteAll;
    let out: WriterReply;
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
      const reply = receiveMessageOnPort(port1)?.message as ({ error: string } & WriterReply) | undefined;
      port1.close();
      if (!reply || reply.error) throw new KeelError(`Could not write compiled SQL files: ${reply?.error ?? 'no reply from the writer'}`);
      return { changed: reply.changed, stats: reply.stats };
    },
  };
}
