import { describe, expect, it } from 'vitest';
import { redshiftConfigFromTarget, type RedshiftTargetInput } from '../../src/engines/redshift/config.js';

const base: RedshiftTargetInput = { region: 'us-east-1', database: 'dev', cluster_identifier: 'c', db_user: 'u', schema: 'public' };
const ROLE = 'arn:aws:iam::123456789012:role/keel-copy';

describe('the Redshift target keys for seed COPY', () => {
  it('take a bucket and prefix and a role ARN', () => {
    expect(redshiftConfigFromTarget({ ...base, s3_staging_dir: 's3://stage/keel', iam_role: ROLE }, 4).staging).toEqual({
      bucket: 'stage',
      prefix: 'keel/',
      iamRole: ROLE,
      s3Endpoint: undefined,
    });
    expect(redshiftConfigFromTarget({ ...base, s3_staging_dir: 's3://stage', iam_role: ROLE }, 4).staging?.prefix).toBe('');
    expect(redshiftConfigFromTarget(base, 4).staging).toBeUndefined();
  });

  it.each([
    [{ s3_staging_dir: 's3://stage/keel/' }, /both s3_staging_dir and iam_role/],
    [{ iam_role: ROLE }, /both s3_staging_dir and iam_role/],
    [{ s3_staging_dir: 'stage/keel/', iam_role: ROLE }, /must be s3:\/\/bucket\/prefix/],
    [{ s3_staging_dir: 's3://stage/keel/', iam_role: 'keel-copy' }, /iam_role must be an IAM role ARN/],
    [{ s3_endpoint: 'http://localhost:1' }, /set s3_staging_dir and iam_role too/],
  ])('refuse %o', (keys, message) => {
    expect(() => redshiftConfigFromTarget({ ...base, ...keys }, 4)).toThrow(message);
  });
});
