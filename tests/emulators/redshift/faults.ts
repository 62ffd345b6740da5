import { mulberry32 } from '../../../src/sample/prng.js';

/** What the emulated service does wrong, on demand. */
export interface FaultOptions {
  /** share of API calls (any operation) answered with ThrottlingException, 0..1 */
  throttleRate?: number;
  /** ExecuteStatement / BatchExecuteStatement beyond this many active statements get ActiveStatementsExceededException */
  maxActiveStatements?: number;
  /** statements stay STARTED at least this long: a window for polling and CancelStatement */
  runDelayMs?: number;
  /** seed of the random draws (throttling), so a failing run can be replayed */
  seed?: number;
}

type Match = RegExp | ((sql: string) => boolean);

interface Planned {
  match: Match;
  remaining: number;
  message?: string;
}

/**
 * Fault injection. Throttling is drawn per call from a seeded generator; statement faults are
 * planned: the next `times` statements whose SQL matches fail (FAILED, with a database error) or
 * are aborted (ABORTED, as if an operator cancelled them) when they run, also inside a batch,
 * where they roll the whole batch back.
 */
export class Faults {
  options: Required<Omit<FaultOptions, 'seed'>>;
  private readonly failures: Planned[] = [];
  private readonly aborts: Planned[] = [];
  private readonly lostResponses = new Map<string, number>();
  private readonly random: () => number;

  constructor(options: FaultOptions = {}) {
    this.options = { throttleRate: 0, maxActiveStatements: Infinity, runDelayMs: 0, ...options };
    this.random = mulberry32(options.seed ?? 20250101);
  }

  set(options: Partial<Omit<FaultOptions, 'seed'>>): void {
    Object.assign(this.options, options);
  }

  failStatement(match: Match, message = 'ERROR: injected failure', times = 1): void {
    this.failures.push({ match, remaining: times, message });
  }

  abortStatement(match: Match, times = 1): void {
    this.aborts.push({ match, remaining: times });
  }

  /**
   * The next `times` calls of `operation` are carried out but answered with a 500, as when a
   * response is lost on the way back: the client retries a call that already took effect.
   */
  loseResponses(operation: string, times = 1): void {
    this.lostResponses.set(operation, (this.lostResponses.get(operation) ?? 0) + times);
  }

  takeLostResponse(operation: string): boolean {
    const left = this.lostResponses.get(operation) ?? 0;
    if (left > 0) this.lostResponses.set(operation, left - 1);
    return left > 0;
  }

  throttles(): boolean {
    return this.options.throttleRate > 0 && this.random() < this.options.throttleRate;
  }

  /** The injected error message for this statement, if one is planned. */
  failureFor(sql: string): string | undefined {
    return take(this.failures, sql)?.message;
  }

  abortsFor(sql: string): boolean {
    return take(this.aborts, sql) !== undefined;
  }

  clear(): void {
    this.failures.length = 0;
    this.aborts.length = 0;
    this.lostResponses.clear();
    this.options = { throttleRate: 0, maxActiveStatements: Infinity, runDelayMs: 0 };
  }
}

function take(plans: Planned[], sql: string): Planned | undefined {
  const plan = plans.find((p) => p.remaining > 0 && (typeof p.match === 'function' ? p.match(sql) : p.match.test(sql)));
  if (plan) plan.remaining--;
  return plan;
}
