export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** a Retry-After longer than this is not waited for: the call fails instead */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 250, capMs: 20_000, maxRetryAfterMs: 120_000 };

/** What a failed call means for the next attempt. */
export interface Verdict {
  retry: boolean;
  /** the server's Retry-After, in ms */
  retryAfterMs?: number;
}

/**
 * Calls `call` until it succeeds, `classify` says the error is final, or attempts run out.
 * Waits are "full jitter" (random below base * 2^attempt, capped) so parallel uploads do not
 * retry in lockstep; a Retry-After from the server is a floor, with jitter added on top.
 */
export async function withRetry<T>(
  call: (attempt: number) => Promise<T>,
  classify: (error: unknown) => Verdict,
  policy: RetryPolicy,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (e) {
      const verdict = classify(e);
      if (!verdict.retry || attempt >= policy.maxAttempts) throw e;
      if (verdict.retryAfterMs !== undefined && verdict.retryAfterMs > policy.maxRetryAfterMs) throw e;
      const jitter = Math.round(random() * Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1)));
      const delay = verdict.retryAfterMs !== undefined ? verdict.retryAfterMs + Math.round(random() * policy.baseMs) : Math.max(1, jitter);
      onRetry?.(e, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** A dropped connection or a timeout: worth another attempt. */
export function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.name === 'TimeoutErrorSync') return true;
  const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code && NETWORK_CODES.has(code)) return true;
  // fetch wraps socket failures as TypeError('fetch failed') with the system error as cause
  return e instanceof TypeError && e.message === 'fetch failed';
}
