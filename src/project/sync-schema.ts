import { z } from '../core/zod.js';

/** Secrets have no key in project.yml: naming one is an error that says where they come from. */
const fromEnvOnly = (variable: string) =>
  z.never({ error: `credentials are never read from project.yml; set the ${variable} environment variable and remove this key` }).optional();

/** `destinations.lotame` in project.yml. */
export const lotameDestinationSchema = z
  .object({
    client_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be the numeric Lotame client id')]).transform(String),
    bucket: z.string().min(3).default('lotame-transfer-in-us-east-1'),
    prefix: z.string().default('onboarding/in'),
    region: z.string().default('us-east-1'),
    /** an IAM role to assume for the upload, on top of the default AWS credential chain */
    role_arn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/, 'must be an IAM role ARN')
      .optional(),
    /** the behavior type given to behaviors keel creates (Lotame account specific) */
    behavior_type_id: z.number().int().positive().optional(),
    api_url: z.url().default('https://api.lotame.com/2/'),
    /** an S3-compatible endpoint instead of AWS (path-style addressing) */
    s3_endpoint: z.url().optional(),
    max_rows_per_file: z.number().int().positive().default(500_000),
    timeout_seconds: z.number().positive().default(30),
    max_attempts: z.number().int().min(1).max(20).default(8),
    token: fromEnvOnly('LOTAME_TOKEN'),
    access_key: fromEnvOnly('LOTAME_ACCESS_KEY'),
    aws_secret_access_key: fromEnvOnly('AWS_SECRET_ACCESS_KEY'),
  })
  .strict();
export type LotameDestination = z.infer<typeof lotameDestinationSchema>;

export const destinationsSchema = z.object({ lotame: lotameDestinationSchema }).partial().strict();

export const IDENTIFIER_TYPES = ['email', 'email_sha256', 'maid'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

const identifierSchema = z
  .object({
    column: z.string().min(1),
    type: z.enum(IDENTIFIER_TYPES, {
      error: (issue) =>
        `'${String(issue.input)}' cannot be sent to Lotame: raw PII never leaves keel. Use email (keel sends the SHA-256 of the normalized address), email_sha256 (already hashed) or maid (mobile ad id)`,
    }),
  })
  .strict();
export type IdentifierSpec = z.infer<typeof identifierSchema>;

/** A model's `sync.lotame` config. */
export const lotameSyncSchema = z
  .object({
    /** the Lotame behavior name the members carry (default: the model name) */
    behavior: z.string().min(1).max(255).optional(),
    /** an existing behavior, instead of finding or creating one by name */
    behavior_id: z.number().int().positive().optional(),
    description: z.string().optional(),
    /** also ensure a Lotame audience of this name made of the behavior */
    audience: z.string().min(1).optional(),
    identifiers: z.array(identifierSchema).min(1),
    person_key: z.string().default('person_key'),
    /** the membership history relation (default: `<model>_history` beside the model, as the segment kind builds it) */
    history: z.string().optional(),
    /** re-send every member at least this often, inside the behavior's lifetime in Lotame */
    full_refresh_days: z.number().int().positive().max(365).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    for (const [i, id] of c.identifiers.entries()) {
      if (seen.has(id.column)) ctx.addIssue({ code: 'custom', path: ['identifiers', i, 'column'], message: `column '${id.column}' is listed twice` });
      seen.add(id.column);
    }
  });
export type LotameSyncConfig = z.infer<typeof lotameSyncSchema>;

/** A model's `sync` config: one key per destination. */
export const syncConfigSchema = z.object({ lotame: lotameSyncSchema }).partial().strict();
