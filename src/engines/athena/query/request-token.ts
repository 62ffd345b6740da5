import { createHash } from 'node:crypto';

/**
 * StartQueryExecution's ClientRequestToken: the same for every resend of one attempt of one
 * statement of one node in one invocation, so Athena answers a resend with the query it already
 * started instead of running it again. A new attempt after a FAILED query gets a new token.
 * 64 hex characters (Athena takes 32 to 128).
 */
export function requestToken(invocationId: string, label: string, statement: number, attempt: number): string {
  return createHash('sha256')
    .update(JSON.stringify([invocationId, label, statement, attempt]))
    .digest('hex');
}
