import { AthenaEngine, athenaSettings, type AthenaTarget } from '../../../src/engines/athena/index.js';
import { AwsEmulator, type EmulatorOptions } from './aws-emulator.js';

/**
 * The SDK's default credential chain reads these; the emulator does not check signatures.
 * Real credentials never go in project.yml, fake ones never leave the tests.
 */
export function useFakeAwsCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAEMULATOR';
  process.env.AWS_SECRET_ACCESS_KEY = 'emulator-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  // the SDK's notice that its 2027 releases need Node 22 is noise in test output
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

export async function startEmulator(opts?: EmulatorOptions): Promise<AwsEmulator> {
  useFakeAwsCredentials();
  return AwsEmulator.start(opts);
}

/** Target settings for tests: fast polling and backoff, so no test waits on real-world intervals. */
export function athenaTargetConfig(endpoint: string, overrides: Partial<AthenaTarget> = {}): Record<string, unknown> {
  return {
    type: 'athena',
    region: 'us-east-1',
    workgroup: 'primary',
    s3_staging_dir: 's3://keel-results/athena/',
    s3_data_dir: 's3://keel-lake/warehouse/',
    schema: 'analytics',
    poll_interval_ms: 4,
    poll_max_interval_ms: 50,
    retry_base_ms: 1,
    max_retries: 20,
    endpoint,
    ...overrides,
  };
}

/** The `athena:` entry of a project.yml `targets:` block. */
export function athenaTargetYaml(endpoint: string, overrides: Partial<AthenaTarget> = {}, name = 'athena'): string {
  const lines = Object.entries(athenaTargetConfig(endpoint, overrides)).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return `  ${name}:\n${lines.join('\n')}\n`;
}

export function athenaEngine(endpoint: string, overrides: Partial<AthenaTarget> = {}): AthenaEngine {
  const target = { catalog: 'AwsDataCatalog', table_type: 'iceberg', ...athenaTargetConfig(endpoint, overrides) } as AthenaTarget;
  return new AthenaEngine(athenaSettings(target, 4));
}

/** project.yml of a temp project whose default target is the emulator. */
export function athenaProjectYml(endpoint: string, extra = '', overrides: Partial<AthenaTarget> = {}): string {
  return `name: t\ntarget: athena\ntargets:\n${athenaTargetYaml(endpoint, overrides)}${extra}`;
}

/**
 * A value as both engines' results can be compared: Athena returns arrays, maps and rows in its
 * text form, DuckDB as JS values; dates and timestamps as strings and Dates on both.
 */
export function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map((v) => (v === null ? 'null' : String(comparable(v)))).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${v === null ? 'null' : String(comparable(v))}`)
      .join(', ')}}`;
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(12));
  return value;
}

/** A table's rows in a canonical order and form. */
export function canonicalRows(rows: Array<Record<string, unknown>>): string[] {
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), comparable(v)])))).sort();
}
