import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { RedshiftEngineConfig } from '../config.js';

/**
 * The SDK client with its own retries off: keel retries every call itself (throttling,
 * ActiveStatementsExceeded, 5xx) with jittered backoff, and two layers would multiply the attempts.
 */
export function createDataClient(config: RedshiftEngineConfig): RedshiftDataClient {
  return new RedshiftDataClient({
    region: config.region,
    maxAttempts: 1,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  });
}
