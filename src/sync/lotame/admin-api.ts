import { isNetworkError, parseRetryAfter, withRetry, type RetryPolicy, type Verdict } from '../../core/retry.js';
import type { LotameCredentials } from '../secrets.js';

/** A non-2xx answer from the Admin API. */
export class LotameApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(`Lotame API ${method} ${path} answered ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'LotameApiError';
  }
}

export interface AdminApiOptions {
  baseUrl: string;
  credentials: LotameCredentials;
  timeoutMs: number;
  retry: RetryPolicy;
  onRetry?: (message: string) => void;
}

/** 429 and 5xx may pass if asked again; network errors and timeouts too. Other 4xx are final. */
export function classifyApiError(e: unknown): Verdict {
  if (e instanceof LotameApiError) return { retry: e.status === 429 || e.status >= 500, retryAfterMs: e.retryAfterMs };
  return { retry: isNetworkError(e) };
}

/**
 * The few Admin Services API calls the sync needs, over fetch with the two auth headers.
 * Every call is retried by `classifyApiError`; callers make creates idempotent themselves.
 */
export class LotameAdminApi {
  constructor(private readonly options: AdminApiOptions) {}

  async get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    return this.retrying(() => this.getOnce<T>(path, query));
  }

  getOnce<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    return this.request<T>('GET', path, query);
  }

  /** One POST attempt: creating twice must be prevented by the caller (search before each attempt). */
  async postOnce<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, {}, body);
  }

  retrying<T>(call: () => Promise<T>, classify: (e: unknown) => Verdict = classifyApiError): Promise<T> {
    return withRetry(call, classify, this.options.retry, (e, attempt, delay) =>
      this.options.onRetry?.(`${(e as Error).message}; retry ${attempt} in ${delay} ms`),
    );
  }

  private async request<T>(method: string, path: string, query: Record<string, string>, body?: unknown): Promise<T> {
    const url = new URL(path, this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const response = await fetch(url, {
      method,
      headers: {
        'x-lotame-token': this.options.credentials.token,
        'x-lotame-access': this.options.credentials.accessKey,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new LotameApiError(response.status, method, url.pathname, summarize(text), parseRetryAfter(response.headers.get('retry-after')));
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** The error text Lotame sent, short enough for one log line. */
function summarize(text: string): string {
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const m = j.error ?? j.message ?? j.errorMessage;
    if (typeof m === 'string') return m.slice(0, 300);
  } catch {
    // not JSON: fall through
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
