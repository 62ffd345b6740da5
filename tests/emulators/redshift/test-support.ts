import { RedshiftEngine, type RedshiftEngineConfig } from '../../../src/engines/redshift/index.js';
import type { RedshiftEmulator } from './index.js';

/** Static credentials the emulator accepts (it checks no signatures). */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDREDSHIFTEMULATOR', secretAccessKey: 'not-a-secret' };

/**
 * For builds that create their engine from project.yml: the SDK's default provider chain then
 * finds these in the environment (tests run in their own process per file).
 */
export function useFakeAwsEnvironment(): void {
  process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

/** A provisioned-cluster engine on the emulator with quick polling. */
export function emulatedEngine(emulator: RedshiftEmulator, overrides: Partial<RedshiftEngineConfig> = {}): RedshiftEngine {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return new RedshiftEngine({
    region: 'us-east-1',
    database: 'dev',
    clusterIdentifier: 'analytics-cluster',
    dbUser: 'keel',
    schema: 'analytics',
    endpoint: emulator.endpoint,
    pollIntervalMs: 2,
    credentials: FAKE_CREDENTIALS,
    ...overrides,
  });
}

/** The `targets:` entry of a project.yml for the emulator. */
export function redshiftTargetYaml(emulator: RedshiftEmulator, schema = 'analytics', extra: Record<string, string | number> = {}): string {
  const lines = {
    type: 'redshift',
    region: 'us-east-1',
    cluster_identifier: 'analytics-cluster',
    db_user: 'keel',
    database: 'dev',
    schema,
    endpoint: emulator.endpoint,
    poll_interval_ms: 2,
    threads: 4,
    ...extra,
  };
  return Object.entries(lines)
    .map(([k, v]) => `    ${k}: ${typeof v === 'string' ? JSON.stringify(v) : v}`)
    .join('\n');
}
