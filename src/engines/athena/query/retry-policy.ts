/** How keel retries throttled and transient AWS calls (the SDK's own retries are turned off). */
export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

const TRANSIENT = new Set([
  'InternalServerException',
  'InternalServiceException',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

export type RetryKind = 'throttled' | 'transient';

/** Whether an AWS SDK error is worth another try, and why. Everything else is final. */
export function retryKind(e: unknown): RetryKind | null {
  if (!(e instanceof Error)) return null;
  const err = e as Error & { code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };
  const status = err.$metadata?.httpStatusCode;
  if (THROTTLING.has(err.name) || status === 429 || err.$retryable?.throttling) return 'throttled';
  if (TRANSIENT.has(err.name) || (status !== undefined && status >= 500)) return 'transient';
  if ((err.code && NETWORK_CODES.has(err.code)) || /socket hang up/i.test(err.message)) return 'transient';
  return null;
}

/** "Full jitter" exponential backoff: concurrent clients that were throttled together spread out. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return (policy.random ?? Math.random)() * ceiling;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Calls `call` until it succeeds, fails for good or runs out of retries. A call that Athena may
 * have carried out before its answer was lost (a 500, a reset connection) is only safe to retry
 * when it is idempotent: StartQueryExecution is, through its ClientRequestToken.
 */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, onRetry?: (kind: RetryKind, error: unknown) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const kind = retryKind(e);
      if (!kind || attempt >= policy.maxRetries) throw e;
      onRetry?.(kind, e);
      await sleep(backoffMs(attempt, policy));
    }
  }
}
