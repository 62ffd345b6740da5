import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isNetworkError, parseRetryAfter, withRetry, type RetryPolicy, type Verdict } from '../core/retry.js';

/** A local file to put at `key`: gzip unless it is a marker (an empty completion object). */
export interface UploadFile {
  key: string;
  localPath: string;
  kind: 'data' | 'optout' | 'marker';
}

export interface UploadOptions {
  bucket: string;
  retry: RetryPolicy;
  /** files at least this big go up in parts (S3 requires parts of 5 MiB or more, the last excepted) */
  multipartThresholdBytes: number;
  partBytes: number;
  /** parts of one file in flight at once */
  partConcurrency: number;
  timeoutMs: number;
  onRetry?: (message: string) => void;
}

export const DEFAULT_UPLOAD = { multipartThresholdBytes: 16 * 1024 * 1024, partBytes: 8 * 1024 * 1024, partConcurrency: 4 };

const RETRYABLE = new Set([
  'SlowDown',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'InternalError',
  'ServiceUnavailable',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);

/** S3 errors worth another attempt: throttling, 5xx, dropped connections and timeouts. */
export function classifyS3Error(e: unknown): Verdict {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
  const status = err.$metadata?.httpStatusCode;
  const retryAfterMs = parseRetryAfter(err.$response?.headers?.['retry-after']);
  if (status === 429 || (status !== undefined && status >= 500)) return { retry: true, retryAfterMs };
  if (err.name && RETRYABLE.has(err.name)) return { retry: true, retryAfterMs };
  return { retry: isNetworkError(e) };
}

/**
 * Puts local files into a bucket (Lotame's onboarding bucket, a seed's COPY staging). Keys are deterministic per run, so an upload
 * repeated after a crash overwrites the same objects. Bodies stream from disk and large files go
 * up in parts, a few at a time, so memory does not grow with the file.
 */
export class S3Uploader {
  constructor(
    private readonly client: S3Client,
    private readonly options: UploadOptions,
  ) {}

  async upload(file: UploadFile): Promise<void> {
    const size = (await stat(file.localPath)).size;
    try {
      if (size >= this.options.multipartThresholdBytes) await this.multipart(file, size);
      else
        await this.retrying(() =>
          withBody(file.localPath, 0, size, (Body) =>
            this.client.send(
              new PutObjectCommand({ Bucket: this.options.bucket, Key: file.key, Body, ContentLength: size, ContentType: contentType(file) }),
              this.signal(),
            ),
          ),
        );
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      const status = err.$metadata?.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : '';
      throw new Error(`uploading s3://${this.options.bucket}/${file.key} failed: ${err.name}${status}: ${err.message}`, { cause: e });
    }
  }

  private async multipart(file: UploadFile, size: number): Promise<void> {
    const { UploadId } = await this.retrying(() =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.options.bucket, Key: file.key, ContentType: contentType(file) }), this.signal()),
    );
    const count = Math.ceil(size / this.options.partBytes);
    const etags: string[] = new Array(count);
    try {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const start = i * this.options.partBytes;
          const length = Math.min(this.options.partBytes, size - start);
          const r = await this.retrying(() =>
            withBody(file.localPath, start, length, (Body) =>
              this.client.send(
                new UploadPartCommand({ Bucket: this.options.bucket, Key: file.key, UploadId, PartNumber: i + 1, Body, ContentLength: length }),
                this.signal(),
              ),
            ),
          );
          etags[i] = r.ETag!;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.partConcurrency, count) }, worker));
      await this.retrying(async (attempt) => {
        try {
          return await this.client.send(
            new CompleteMultipartUploadCommand({
              Bucket: this.options.bucket,
              Key: file.key,
              UploadId,
              MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
            }),
            this.signal(),
          );
        } catch (e) {
          // a completion whose answer was lost leaves no upload to complete: the object is there
          if (attempt > 1 && (e as Error).name === 'NoSuchUpload' && (await this.exists(file.key, size))) return undefined;
          throw e;
        }
      });
    } catch (e) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: file.key, UploadId }), this.signal()).catch(() => {});
      throw e;
    }
  }

  private async exists(key: string, size: number): Promise<boolean> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }), this.signal()).catch(() => null);
    return head?.ContentLength === size;
  }

  private retrying<T>(call: (attempt: number) => Promise<T>): Promise<T> {
    return withRetry(call, classifyS3Error, this.options.retry, (e, attempt, delay) =>
      this.options.onRetry?.(`S3: ${(e as Error).name}: ${(e as Error).message}; retry ${attempt} in ${delay} ms`),
    );
  }

  private signal() {
    return { abortSignal: AbortSignal.timeout(this.options.timeoutMs) };
  }
}

/**
 * Sends a byte range of a local file as a stream read while it is sent (a few 64 KiB chunks in
 * memory, not the file or part), opened afresh for each attempt and closed whatever the outcome.
 */
async function withBody<T>(path: string, start: number, length: number, send: (body: ReadStream | Buffer) => Promise<T>): Promise<T> {
  if (length === 0) return send(Buffer.alloc(0));
  const body = createReadStream(path, { start, end: start + length - 1 });
  try {
    return await send(body);
  } finally {
    body.destroy();
  }
}

function contentType(file: UploadFile): string {
  return file.kind === 'marker' ? 'application/octet-stream' : 'application/gzip';
}
