import { lazy } from '../../core/lazy.js';
import { z } from '../../core/zod.js';
import type { DateGrain } from '../../engines/analytics-dialect.js';
import { columnName, durationSchema, parseKindConfig, type Duration } from '../kind-config.js';

/** Output columns a funnel writes itself; step and breakdown names must not collide with them. */
export const PERSON_COLUMNS = ['furthest_step', 'furthest_step_name', 'converted', 'seconds_to_convert'] as const;
export const STEP_COLUMNS = [
  'period',
  'step_number',
  'step_name',
  'persons',
  'conversion_from_first',
  'conversion_from_previous',
  'median_seconds_from_previous',
] as const;
/** The person column's name when it is not one configured column. */
export const DEFAULT_PERSON = 'person_key';
/** keel's own working columns in the generated SQL start with this */
export const INTERNAL_PREFIX = 'keel_';

export const funnelSchema = lazy(() => {
  const stepSchema = z
    .object({
      // it becomes the `<name>_at` column, so it must be a plain lower-case name
      name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a step name is lower-case letters, digits and _ (it names the <name>_at column)'),
      where: z.string().trim().min(1, "a step needs a SQL condition over the event columns, e.g. event = 'Product Viewed'"),
    })
    .strict();
  const columnList = z.union([columnName().transform((c) => [c]), z.array(columnName())]);
  return z
    .object({
      steps: z.array(stepSchema).min(2, 'a funnel needs at least 2 steps').max(20, 'a funnel takes at most 20 steps'),
      /** measured from the entry (the first step); an event exactly at the edge counts */
      window: durationSchema(),
      order: z.enum(['strict', 'any']).default('strict'),
      /** a column, or columns coalesced in order; unset: person_key, else user_id/anonymous_id (decided at build) */
      person: columnList.pipe(z.array(columnName()).min(1, 'person needs at least one column')).optional(),
      timestamp: columnName().default('timestamp'),
      breakdown: columnList.default([]),
      grain: z.enum(['day', 'week', 'month']).default('day'),
    })
    .strict()
    .superRefine((c, ctx) => {
      const taken = new Map<string, string>();
      const claim = (name: string, what: string, path: (string | number)[]) => {
        const key = name.toLowerCase();
        const other = taken.get(key);
        if (other) ctx.addIssue({ code: 'custom', path, message: `${what} '${name}' collides with ${other}` });
        else if (key.startsWith(INTERNAL_PREFIX))
          ctx.addIssue({ code: 'custom', path, message: `${what} '${name}': names starting with '${INTERNAL_PREFIX}' are keel's own` });
        else taken.set(key, `${what} '${name}'`);
      };
      for (const col of [...PERSON_COLUMNS, ...STEP_COLUMNS]) taken.set(col, `keel's output column '${col}'`);
      claim(c.person?.length === 1 ? c.person[0]! : DEFAULT_PERSON, 'the person column', ['person']);
      c.breakdown.forEach((b, i) => claim(b, 'breakdown column', ['breakdown', i]));
      c.steps.forEach((s, i) => claim(`${s.name}_at`, `step ${i + 1}'s column`, ['steps', i, 'name']));
    });
});

export interface FunnelStep {
  name: string;
  /** SQL condition over the columns of the model's SELECT */
  where: string;
}

export interface FunnelSpec {
  steps: FunnelStep[];
  window: Duration;
  order: 'strict' | 'any';
  /** configured person columns (coalesced in order); undefined: decided from the events' columns at build */
  person?: string[];
  timestamp: string;
  breakdown: string[];
  grain: DateGrain;
}

/** Validates a model's `funnel` config; errors name the model file and the key. */
export function parseFunnelConfig(raw: unknown, file: string): FunnelSpec {
  const c = parseKindConfig(funnelSchema(), 'funnel', raw, file);
  return { steps: c.steps, window: c.window, order: c.order, person: c.person, timestamp: c.timestamp, breakdown: c.breakdown, grain: c.grain };
}
