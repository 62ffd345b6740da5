import type { QueryExecution } from '@aws-sdk/client-athena';

const CATEGORIES: Record<number, string> = { 1: 'SYSTEM', 2: 'USER', 3: 'OTHER' };

/** A query that ended FAILED or CANCELLED, with Athena's classification of why. */
export class AthenaQueryError extends Error {
  readonly queryExecutionId: string;
  readonly state: string;
  /** 1 system, 2 user, 3 other (AthenaError.ErrorCategory) */
  readonly category?: number;
  readonly errorType?: number;
  /** Athena's word on whether resubmitting might succeed */
  readonly retryable: boolean;

  constructor(execution: QueryExecution) {
    const status = execution.Status ?? {};
    const athenaError = status.AthenaError;
    const reason = status.StateChangeReason ?? athenaError?.ErrorMessage ?? `query ${status.State?.toLowerCase() ?? 'failed'}`;
    const category = athenaError?.ErrorCategory;
    const kind = category ? `, ${CATEGORIES[category] ?? category} error` : '';
    super(`${reason} (Athena query ${execution.QueryExecutionId}${kind})`);
    this.name = 'AthenaQueryError';
    this.queryExecutionId = execution.QueryExecutionId ?? '';
    this.state = status.State ?? 'FAILED';
    this.category = category;
    this.errorType = athenaError?.ErrorType;
    this.retryable = status.State === 'FAILED' && athenaError?.Retryable === true;
  }
}
