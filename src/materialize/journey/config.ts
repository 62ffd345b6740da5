import { z } from 'zod';
import { columnName, durationSchema, parseKindConfig, type Duration } from './kind-config.js';

/** Names of the columns of the model's SELECT; the defaults are RudderStack's raw column names. */
const columnsSchema = z
  .object({
    anonymous_id: columnName.default('anonymous_id'),
    user_id: columnName.default('user_id'),
    timestamp: columnName.default('timestamp'),
    /** unique per event: breaks timestamp ties, so paths and session ids are deterministic */
    event_id: columnName.default('id'),
    /** the step of the path; rows where it is NULL only feed the id graph (e.g. identify calls) */
    step: columnName.default('event'),
  })
  .strict();

export const journeySchema = z
  .object({
    columns: columnsSchema.default(columnsSchema.parse({})),
    /** more id columns (e.g. a hashed email from identify calls); the column name is the id_type */
    extra_ids: z.array(columnName).default([]),
    session_gap: durationSchema.default(durationSchema.parse('30 minutes')),
    /** also start a new session when the (UTC) date changes */
    split_at_midnight: z.boolean().default(false),
    /** the path keeps the first N steps of a session */
    max_path_steps: z.number().int().positive().max(1000).default(50),
    /** session columns taken from the first non-NULL value in the session (landing page, UTM) */
    landing_columns: z.array(columnName).default([]),
    /** label propagation rounds before stitching gives up */
    max_iterations: z.number().int().positive().max(1000).default(30),
    /**
     * How late an event may arrive (event time before the latest processed one) and still be
     * picked up by an incremental build; defaults to the session gap.
     */
    lookback: durationSchema.optional(),
  })
  .strict();

export type JourneyConfigInput = z.input<typeof journeySchema>;

export interface JourneySpec {
  columns: z.output<typeof columnsSchema>;
  extraIds: string[];
  gap: Duration;
  splitAtMidnight: boolean;
  maxPathSteps: number;
  landingColumns: string[];
  maxIterations: number;
  lookback: Duration;
}

export function parseJourneyConfig(raw: unknown, file: string): JourneySpec {
  const c = parseKindConfig(journeySchema, 'journey', raw, file);
  return {
    columns: c.columns,
    extraIds: c.extra_ids,
    gap: c.session_gap,
    splitAtMidnight: c.split_at_midnight,
    maxPathSteps: c.max_path_steps,
    landingColumns: c.landing_columns,
    maxIterations: c.max_iterations,
    lookback: c.lookback ?? c.session_gap,
  };
}
