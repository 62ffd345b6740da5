import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { LotameApiEmulator } from '../emulators/lotame/server.js';
import { S3Emulator } from '../emulators/s3/server.js';
import { BUCKET } from './fixtures.js';

export const SECRETS = {
  LOTAME_TOKEN: 'tok-9f8e7d6c5b4a-secret',
  LOTAME_ACCESS_KEY: 'acc-1a2b3c4d5e6f-secret',
  AWS_ACCESS_KEY_ID: 'AKIAKEELTEST0001',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
};

/** Credentials for the loopback servers, and no AWS config file that could take precedence. */
export const liveEnv = (): NodeJS.ProcessEnv => ({
  ...SECRETS,
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: join(tmpdir(), 'keel-no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'keel-no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
});

export interface LiveServers {
  s3: S3Emulator;
  lotame: LotameApiEmulator;
  /** lines for destinations.lotame pointing at the servers */
  destination: string;
  stop(): Promise<void>;
}

export async function startServers(opts: { minPartBytes?: number; timeoutSeconds?: number } = {}): Promise<LiveServers> {
  const s3 = new S3Emulator({ buckets: [BUCKET], accessKeyId: SECRETS.AWS_ACCESS_KEY_ID, minPartBytes: opts.minPartBytes });
  const lotame = new LotameApiEmulator({ token: SECRETS.LOTAME_TOKEN, access: SECRETS.LOTAME_ACCESS_KEY });
  await s3.start();
  await lotame.start();
  const destination = [
    `    s3_endpoint: ${s3.endpoint}`,
    `    api_url: ${lotame.baseUrl}`,
    '    behavior_type_id: 7',
    `    timeout_seconds: ${opts.timeoutSeconds ?? 5}`,
    '',
  ].join('\n');
  return { s3, lotame, destination, stop: async () => Promise.all([s3.stop(), lotame.stop()]).then(() => undefined) };
}
