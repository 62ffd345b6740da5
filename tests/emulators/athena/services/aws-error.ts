/** An AWS API error as the JSON 1.1 and REST-XML protocols carry it. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A query that ends FAILED, with Athena's AthenaError fields. */
export class QueryFailure extends Error {
  constructor(
    message: string,
    /** 1 system, 2 user, 3 other */
    readonly category: 1 | 2 | 3 = 2,
    /** Athena's error catalog: 1000 user error, 1001 data error, 1003 DDL task failed, 200-240 engine errors, 100 service error */
    readonly errorType = 1000,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** DuckDB's error text in Athena's words, so keel sees the kind of message it gets from Athena. */
export function failureFromDuckDB(e: unknown): QueryFailure {
  if (e instanceof QueryFailure) return e;
  const text = e instanceof Error ? e.message : String(e);
  const first = text.split('\n')[0]!;
  let m = /Table with name (\S+) does not exist/.exec(first);
  if (m) return new QueryFailure(`TABLE_NOT_FOUND: line 1:1: Table '${m[1]}' does not exist (${first})`);
  m = /Referenced column "?([^"\s]+)"? (?:was )?not found/.exec(first);
  if (m) return new QueryFailure(`COLUMN_NOT_FOUND: line 1:1: Column '${m[1]}' cannot be resolved (${first})`);
  if (/^Parser Error/.test(first)) return new QueryFailure(`SYNTAX_ERROR: line 1:1: ${first}`);
  if (/^Conversion Error/.test(first)) return new QueryFailure(`INVALID_CAST_ARGUMENT: ${first}`, 2, 1001);
  if (/^Invalid Input Error: ([A-Z_]+: .*)/.test(first)) return new QueryFailure(first.replace(/^Invalid Input Error: /, ''));
  if (/^Catalog Error: Schema/.test(first)) return new QueryFailure(`SCHEMA_NOT_FOUND: line 1:1: ${first}`);
  if (/^(Binder|Catalog) Error/.test(first)) return new QueryFailure(`SYNTAX_ERROR: line 1:1: ${first}`);
  if (/INTERRUPT/i.test(first)) return new QueryFailure('Query cancelled', 1, 209);
  return new QueryFailure(`GENERIC_USER_ERROR: ${first}`);
}
