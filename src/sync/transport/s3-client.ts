import { S3Client } from '@aws-sdk/client-s3';
import type { LotameDestination } from '../../project/sync-schema.js';

/**
 * The client for Lotame's onboarding bucket. Credentials come from the AWS default provider chain
 * (environment, profile, SSO, instance role); with `role_arn`, that identity assumes the role the
 * client registered with Lotame. The SDK does not retry: the uploader does, with its own policy.
 */
export async function onboardingS3Client(dest: LotameDestination, timeoutMs: number): Promise<S3Client> {
  const base = {
    region: dest.region,
    maxAttempts: 1,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 10_000) },
    ...(dest.s3_endpoint ? { endpoint: dest.s3_endpoint, forcePathStyle: true } : {}),
  };
  if (!dest.role_arn) return new S3Client(base);
  return new S3Client({ ...base, credentials: await assumedRole(dest.role_arn, dest.region) });
}

/** Temporary credentials of `roleArn`, refreshed by the SDK when they expire. */
async function assumedRole(roleArn: string, region: string) {
  // loaded only when a role is configured
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ region });
  return async () => {
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `keel-sync-${process.pid}`, DurationSeconds: 3600 }));
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`assuming ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
}
