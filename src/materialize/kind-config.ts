import { z } from '../core/zod.js';
import { KeelError } from '../core/errors.js';
import { lazy } from '../core/lazy.js';
import { UNIT_MS, type TimeUnit } from '../engines/analytics-dialect.js';

/** A duration written as analysts say it: `30 minutes`, `1 day`, `90 days`. */
export interface Duration {
  amount: number;
  unit: TimeUnit;
  ms: number;
}

const DURATION = /^\s*(\d+)\s*(millisecond|second|minute|hour|day)s?\s*$/i;

// the analytics kinds' schemas are built on first use (lazy): most runs validate no such config
export const durationSchema = lazy(() =>
  z.string().transform((text, ctx): Duration => {
    const m = DURATION.exec(text);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `'${text}' is not a duration such as '30 minutes', '2 hours' or '7 days'` });
      return z.NEVER;
    }
    const amount = Number(m[1]);
    const unit = m[2]!.toLowerCase() as TimeUnit;
    return { amount, unit, ms: amount * UNIT_MS[unit] };
  }),
);

/** A column name of the model's SELECT; quoted by the planners, so any name works. */
export const columnName = lazy(() => z.string().min(1));

/**
 * Validates the `journey`/`segment`/... config of a model with its own schema; an error names the
 * model file and the key, as the project's config errors do.
 */
export function parseKindConfig<T extends z.ZodType>(schema: T, kind: string, raw: unknown, file: string): z.output<T> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [kind, ...issue.path.map(String)].join('.');
  const what = issue.code === 'unrecognized_keys' ? `unknown key '${issue.keys[0]}'` : issue.message;
  throw new KeelError(`${kind} config '${path}': ${what}`, {
    location: { file },
    hint: `See the '${kind}' section of the README for the keys it takes.`,
  });
}
