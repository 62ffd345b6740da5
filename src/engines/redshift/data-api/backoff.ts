/** Waits `ms`, or rejects with the signal's abort error as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * "Full jitter" exponential backoff: a random wait below min(cap, base * 2^attempt). Spreading
 * the waits keeps parallel nodes from retrying in lockstep against the same throttle.
 */
export function jitteredDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.max(1, Math.round(random() * ceiling));
}

/** The growing interval between status checks of one statement: quick for short statements, patient for long ones. */
export function* pollIntervals(firstMs: number, maxMs: number): Generator<number, never> {
  let next = firstMs;
  for (;;) {
    yield next;
    next = Math.min(maxMs, Math.ceil(next * 1.5));
  }
}

export function abortError(signal: AbortSignal, cause?: unknown): Error {
  const reason = signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? `: ${signal.reason.message}` : '';
  const error = new Error(`query aborted${reason}`, { cause: cause ?? signal.reason });
  error.name = 'AbortError';
  return error;
}
