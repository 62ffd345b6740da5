import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';

/**
 * Lines are buffered to about this many bytes before each write into gzip: small enough that the
 * buffers it makes are reused by the allocator (larger ones stay resident at the peak).
 */
const BATCH_BYTES = 16 * 1024;

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/**
 * One gzip-compressed JSON lines file written as a stream: memory stays flat whatever the row
 * count. The SHA-256 is of the compressed bytes, i.e. of the object as uploaded. Node's gzip
 * writes no timestamp in its header, so the same lines always give the same bytes.
 */
export class JsonlGzipWriter {
  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private readonly finished: Promise<unknown>;
  private bytes = 0;
  private rows = 0;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // level 1: ids are hex or UUIDs, which higher levels shrink no further (0.33 either way) at 1.5x the time
    this.gzip = createGzip({ level: 1, memLevel: 9 });
    this.out = createWriteStream(path);
    this.gzip.on('data', (chunk: Buffer) => {
      this.hash.update(chunk);
      this.bytes += chunk.length;
    });
    this.gzip.pipe(this.out);
    this.finished = once(this.out, 'finish');
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Adds a line; resolves at once unless a batch went to gzip and it asked to wait (backpressure). */
  writeLine(line: string): Promise<void> | undefined {
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
    this.rows++;
    return this.pendingBytes >= BATCH_BYTES ? this.flush() : undefined;
  }

  async close(): Promise<WrittenFile> {
    await this.flush();
    this.gzip.end();
    await this.finished;
    return { path: this.path, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.gzip.write(text)) await once(this.gzip, 'drain');
  }
}
