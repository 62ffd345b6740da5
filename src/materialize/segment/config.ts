import { lazy } from '../../core/lazy.js';
import { z } from '../../core/zod.js';
import { TOKEN_START } from '../../compiler/capture.js';
import { columnName, durationSchema, parseKindConfig } from '../kind-config.js';
import type { Duration } from '../kind-config.js';

/**
 * A rule is a condition on the columns of the model's SELECT (one row per candidate person).
 * Leaves compare a column; `all`, `any` and `not` combine rules. Time windows are relative to the
 * build's `as_of`, so the same rules give the same audience for the same data and as_of.
 */
export type Rule =
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule }
  | { column: string; within: Duration }
  | { column: string; not_within: Duration }
  | { column: string; is_null: boolean }
  | { column: string; op: ComparisonOp; value?: string | number | boolean; value_column?: string }
  | { sql: string };

export const COMPARISON_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

const RULE_SHAPES =
  'not a rule: use {column, within} or {column, not_within} (a duration such as "7 days"), {column, op, value | value_column}, ' +
  '{column, is_null}, {sql}, or {all: [...]}, {any: [...]}, {not: rule}';
// the compiler resolves ref() only in the model's SQL, not inside config values
const REF_IN_SQL = 'ref() and source() cannot be used in a rule; bring the other model into the SELECT and compare a column';

export const ruleSchema = lazy(() => {
  const comparison = z
    .object({
      column: columnName(),
      op: z.enum(COMPARISON_OPS),
      value: z.union([z.string(), z.number(), z.boolean()]).optional(),
      value_column: columnName().optional(),
    })
    .strict()
    .refine((c) => (c.value === undefined) !== (c.value_column === undefined), { message: 'a comparison takes either value or value_column' });
  const rule: z.ZodType<Rule> = z.lazy(() =>
    z.union(
      [
        z.object({ all: z.array(rule).min(1) }).strict(),
        z.object({ any: z.array(rule).min(1) }).strict(),
        z.object({ not: rule }).strict(),
        z.object({ column: columnName(), within: durationSchema() }).strict(),
        z.object({ column: columnName(), not_within: durationSchema() }).strict(),
        z.object({ column: columnName(), is_null: z.boolean() }).strict(),
        comparison,
        z
          .object({
            sql: z
              .string()
              .min(1)
              .refine((t) => !t.includes(TOKEN_START), REF_IN_SQL),
          })
          .strict(),
      ],
      { error: RULE_SHAPES },
    ),
  ) as z.ZodType<Rule>;
  return rule;
});

const AS_OF = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?Z?$/;

/** `YYYY-MM-DD[ HH:MM[:SS[.fff]]]` (UTC) to `YYYY-MM-DD HH:MM:SS.mmm`. */
export function normalizeAsOf(text: string): string | undefined {
  const m = AS_OF.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}Z`);
  return Number.isNaN(ms) ? undefined : formatAsOf(new Date(ms));
}

export function formatAsOf(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export const segmentSchema = lazy(() =>
  z
    .object({
      /** the column holding the person key; one row per person */
      key: columnName().default('person_key'),
      /** a rule, or a list of rules that must all hold */
      rules: z.preprocess((v) => (Array.isArray(v) ? { all: v } : v), ruleSchema()),
      /** columns exported for each member (hashed email, mobile ad id...): the Lotame sync's ids */
      identifiers: z.array(columnName()).default([]),
      /** a boolean column: only persons with it true are members; false removes them as consent_withdrawn */
      consent: columnName().optional(),
      /** when the rules are evaluated (UTC); unset or null: the build's start */
      as_of: z
        .union([z.string(), z.null()])
        .optional()
        .transform((v, ctx) => {
          if (v === undefined || v === null || v === '') return undefined;
          const normalized = normalizeAsOf(v);
          if (!normalized) ctx.addIssue({ code: 'custom', message: `'${v}' is not a date or timestamp such as '2025-03-01' or '2025-03-01 06:00:00'` });
          return normalized;
        }),
    })
    .strict(),
);

export interface SegmentSpec {
  key: string;
  rule: Rule;
  identifiers: string[];
  consent?: string;
  /** normalized timestamp text; undefined means "the build's start" */
  asOf?: string;
}

export function parseSegmentConfig(raw: unknown, file: string): SegmentSpec {
  const c = parseKindConfig(segmentSchema(), 'segment', raw, file);
  return {
    key: c.key,
    rule: c.rules,
    identifiers: c.identifiers,
    consent: c.consent,
    asOf: c.as_of,
  };
}
