import { QueryFailure } from './services/aws-error.js';
import { mulberry32 } from '../../../src/sample/prng.js';

/** One API call the emulator received, in order. */
export interface CallRecord {
  index: number;
  service: 'athena' | 'glue' | 's3';
  action: string;
  /** changes state: StartQueryExecution, Glue writes, S3 deletes and puts */
  mutating: boolean;
  /** StartQueryExecution */
  sql?: string;
  token?: string;
  /** Glue: the table (or database) acted on */
  target?: string;
  /** how the emulator answered: 'ok', or the error code it gave */
  outcome?: string;
}

/** What the emulator knows about a query when it decides a fault. */
export interface QueryInfo {
  id: string;
  token: string;
  sql: string;
  /** how many executions of the same SQL text started before this one */
  earlierRuns: number;
}

export interface InjectedFailure {
  failure: QueryFailure;
  /** CTAS: fail after the files are written, before the table is registered (Athena can leave files behind) */
  afterWrite?: boolean;
}

/** Faults on demand; every field is optional and may be changed between calls. */
export interface Faults {
  /** share (0..1) of Athena, Glue and S3 calls refused as throttled before they are processed */
  throttleRate?: number;
  /** share of StartQueryExecution calls that start the query, then answer 500 as if the response was lost */
  lostStartResponseRate?: number;
  /** an injected failure for a query as it leaves the queue */
  failQuery?: (q: QueryInfo) => InjectedFailure | undefined;
  /** ms a query stays QUEUED (default 1) */
  queueMs?: number | ((q: QueryInfo) => number);
  /** keeps a query QUEUED while it returns true; StopQueryExecution still cancels it */
  holdQueued?: (q: QueryInfo) => boolean;
  /**
   * The client "dies" at this call: from then on every call is refused with AccessDeniedException.
   * 'before': this call is refused too; 'after': this call is carried out and answered first.
   */
  crashOn?: (call: CallRecord) => 'before' | 'after' | undefined;
}

/** A transient engine failure Athena marks retryable (AthenaError category 1, SYSTEM). */
export function retryableFailure(message = 'GENERIC_INTERNAL_ERROR: Encountered an internal error while executing the query'): QueryFailure {
  return new QueryFailure(message, 1, 200, true);
}

/** A failure caused by the query itself (category 2, USER): resubmitting does not help. */
export function userFailure(message: string): QueryFailure {
  return new QueryFailure(message, 2, 1000, false);
}

/** Deterministic pseudo-random numbers, so a faulty run can be replayed. */
export const seededRandom = mulberry32;
