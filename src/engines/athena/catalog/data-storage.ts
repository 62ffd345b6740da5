import type { S3Api } from '../aws/clients.js';
import { withRetry, type RetryPolicy } from '../query/retry-policy.js';
import { isUnder, parseS3Uri } from '../s3-uri.js';

/** S3 allows 1000 keys per DeleteObjects. */
const DELETE_BATCH = 1000;

/** Listing and deleting table data in S3. */
export class DataStorage {
  constructor(
    private readonly api: S3Api,
    private readonly policy: RetryPolicy,
  ) {}

  /** Every object under `folderUri`, as s3:// URIs. */
  async list(folderUri: string): Promise<string[]> {
    const { bucket, key } = parseS3Uri(folderUri);
    const uris: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const out = await withRetry(() => this.api.listObjectsV2({ Bucket: bucket, Prefix: key, ContinuationToken }), this.policy);
      for (const o of out.Contents ?? []) if (o.Key) uris.push(`s3://${bucket}/${o.Key}`);
      ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return uris;
  }

  async delete(uris: string[]): Promise<void> {
    const byBucket = new Map<string, string[]>();
    for (const uri of uris) {
      const { bucket, key } = parseS3Uri(uri);
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), key]);
    }
    for (const [bucket, keys] of byBucket) {
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        const Objects = keys.slice(i, i + DELETE_BATCH).map((Key) => ({ Key }));
        const out = await withRetry(() => this.api.deleteObjects({ Bucket: bucket, Delete: { Objects, Quiet: true } }), this.policy);
        if (out.Errors?.length) throw new Error(`S3 could not delete ${out.Errors.length} objects, e.g. ${out.Errors[0]!.Key}: ${out.Errors[0]!.Message}`);
      }
    }
  }

  /** Deletes what is under `folderUri` and not under any of `keep`; returns how many objects went. */
  async deleteUnreferenced(folderUri: string, keep: string[]): Promise<number> {
    const orphans = (await this.list(folderUri)).filter((uri) => !keep.some((k) => isUnder(uri, k)));
    if (orphans.length) await this.delete(orphans);
    return orphans.length;
  }
}
