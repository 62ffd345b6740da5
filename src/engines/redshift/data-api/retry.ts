import { abortError, jitteredDelay, sleep } from './backoff.js';

export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

/**
 * Errors that say "not now" rather than "not this": the call may succeed if made again.
 * ActiveStatementsExceeded means the cluster's limit of running Data API statements is reached,
 * which frees up as other statements (often our own) finish.
 */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ActiveStatementsExceededException',
  'ActiveSessionsExceededException',
  'ActiveWaitingRequestsExceededException',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRYABLE_NAMES.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  const code = (error as { code?: string }).code;
  return code !== undefined && NETWORK_CODES.has(code);
}

/**
 * Calls `call` until it succeeds, fails with a non-retryable error, or runs out of attempts.
 * Calls that create something (ExecuteStatement) must be idempotent across attempts: the
 * caller passes the same ClientToken each time.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (error: Error, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      return await call();
    } catch (e) {
      if (!isRetryable(e) || attempt >= policy.maxAttempts) throw e;
      const delay = jitteredDelay(attempt - 1, policy.baseMs, policy.capMs);
      onRetry?.(e as Error, attempt, delay);
      await sleep(delay, signal);
    }
  }
}
