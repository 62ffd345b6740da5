import type { RedshiftDataClientConfig } from '@aws-sdk/client-redshift-data';
import { KeelError } from '../../core/errors.js';

/** How keel reaches one Redshift database through the Data API. */
export interface RedshiftEngineConfig {
  region: string;
  database: string;
  /** provisioned cluster; with `dbUser` (temporary credentials) or `secretArn` */
  clusterIdentifier?: string;
  dbUser?: string;
  /** Redshift Serverless workgroup name or ARN */
  workgroupName?: string;
  /** Secrets Manager secret holding the database user's credentials */
  secretArn?: string;
  /** target schema: created on open */
  schema: string;
  /** Data API endpoint override (tests point it at the emulator) */
  endpoint?: string;
  /** statements submitted and not yet finished, at most (default: the build's threads) */
  maxConcurrentStatements?: number;
  /** first wait between status checks and after a throttled call, in ms (default 200) */
  pollIntervalMs?: number;
  /** a statement running longer is cancelled and fails (default: no limit) */
  queryTimeoutSeconds?: number;
  /** how long a session opened for a multi-call transaction stays alive when idle (default 60) */
  sessionKeepAliveSeconds?: number;
  /** attempts per Data API call when it is throttled or the service is busy (default 15) */
  maxAttempts?: number;
  /** seeds load with COPY from this S3 location (bucket and prefix) when set, with `iamRole` */
  staging?: { bucket: string; prefix: string; iamRole: string; s3Endpoint?: string };
  /** AWS credentials; default: the SDK's default provider chain (env, profile, SSO, instance role) */
  credentials?: RedshiftDataClientConfig['credentials'];
}

/** The target keys of project.yml a Redshift target uses (snake_case, as validated by the project schema). */
export interface RedshiftTargetInput {
  region: string;
  database: string;
  cluster_identifier?: string;
  db_user?: string;
  workgroup_name?: string;
  secret_arn?: string;
  schema: string;
  endpoint?: string;
  threads?: number;
  max_concurrent_statements?: number;
  poll_interval_ms?: number;
  query_timeout_seconds?: number;
  s3_staging_dir?: string;
  iam_role?: string;
  s3_endpoint?: string;
}

/**
 * Checks that the target names exactly one way in: a provisioned cluster (with a database user or a
 * secret) or a Serverless workgroup. The Data API would reject the others, but only at the first statement.
 */
export function redshiftConfigFromTarget(target: RedshiftTargetInput, threads: number): RedshiftEngineConfig {
  const where = 'project.yml (redshift target)';
  if (target.cluster_identifier && target.workgroup_name) {
    throw new KeelError(`${where}: set cluster_identifier or workgroup_name, not both`);
  }
  if (!target.cluster_identifier && !target.workgroup_name) {
    throw new KeelError(`${where}: set cluster_identifier (provisioned) or workgroup_name (Serverless)`);
  }
  if (target.cluster_identifier && !target.db_user && !target.secret_arn) {
    throw new KeelError(`${where}: a provisioned cluster needs db_user (temporary credentials) or secret_arn`);
  }
  if (target.workgroup_name && target.db_user) {
    throw new KeelError(`${where}: db_user is for provisioned clusters; Serverless uses your IAM identity or secret_arn`);
  }
  return {
    staging: stagingFromTarget(target, where),
    region: target.region,
    database: target.database,
    clusterIdentifier: target.cluster_identifier,
    dbUser: target.db_user,
    workgroupName: target.workgroup_name,
    secretArn: target.secret_arn,
    schema: target.schema,
    endpoint: target.endpoint,
    maxConcurrentStatements: target.max_concurrent_statements ?? target.threads ?? threads,
    pollIntervalMs: target.poll_interval_ms,
    queryTimeoutSeconds: target.query_timeout_seconds,
  };
}

const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Seeds load with COPY when the target names where to stage them and the role Redshift reads them with. */
function stagingFromTarget(target: RedshiftTargetInput, where: string): RedshiftEngineConfig['staging'] {
  if (target.s3_staging_dir === undefined && target.iam_role === undefined) {
    if (target.s3_endpoint !== undefined) throw new KeelError(`${where}: s3_endpoint is for the seed staging uploads: set s3_staging_dir and iam_role too`);
    return undefined;
  }
  if (target.s3_staging_dir === undefined || target.iam_role === undefined) {
    throw new KeelError(`${where}: seeds load with COPY only with both s3_staging_dir and iam_role set`);
  }
  const dir = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(target.s3_staging_dir);
  if (!dir) throw new KeelError(`${where}: s3_staging_dir must be s3://bucket/prefix/, got '${target.s3_staging_dir}'`);
  if (!IAM_ROLE_ARN.test(target.iam_role))
    throw new KeelError(`${where}: iam_role must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '${target.iam_role}'`);
  const prefix = (dir[2] ?? '').replace(/^\/+/, '');
  return { bucket: dir[1]!, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix, iamRole: target.iam_role, s3Endpoint: target.s3_endpoint };
}
