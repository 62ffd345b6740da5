import { lazy } from '../../core/lazy.js';
import { z } from '../../core/zod.js';
import { columnName, durationSchema, parseKindConfig, type Duration } from '../kind-config.js';

/** Names of the columns of the model's SELECT; the defaults are RudderStack's raw column names. */
const columnsSchema = lazy(() =>
  z
    .object({
      anonymous_id: columnName().default('anonymous_id'),
      user_id: columnName().default('user_id'),
      timestamp: columnName().default('timestamp'),
      /** unique per event: breaks timestamp ties, so paths and session ids are deterministic */
      event_id: columnName().default('id'),
      /** the step of the path; rows where it is NULL only feed the id graph (e.g. identify calls) */
      step: columnName().default('event'),
    })
    .strict(),
);

export const journeySchema = lazy(() =>
  z
    .object({
      columns: columnsSchema().default(columnsSchema().parse({})),
      /** more id columns (e.g. a hashed email from identify calls); the column name is the id_type */
      extra_ids: z.array(columnName()).default([]),
      session_gap: durationSchema().default(durationSchema().parse('30 minutes')),
      /** also start a new session when the (UTC) date changes */
      split_at_midnight: z.boolean().default(false),
      /** the path keeps the first N steps of a session */
      max_path_steps: z.number().int().positive().max(1000).default(50),
      /** session columns taken from the first non-NULL value in the session (landing page, UTM) */
      landing_columns: z.array(columnName()).default([]),
      /** stitching rounds before the build fails; they grow with the log of the longest id chain */
      max_iterations: z.number().int().positive().max(1000).default(30),
      /**
       * How late an event may arrive (event time before the latest processed one) and still be
       * picked up by an incremental build; defaults to the session gap.
       */
      lookback: durationSchema().optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
      // extra ids are typed by their column name, next to the built-in id types
      for (const [i, name] of c.extra_ids.entries()) {
        if (name === 'user_id' || name === 'anonymous_id' || c.extra_ids.indexOf(name) !== i) {
          ctx.addIssue({ code: 'custom', path: ['extra_ids', i], message: `'${name}' is already an id type` });
        }
      }
      // the sessions query names its own columns like these
      for (const [i, name] of c.landing_columns.entries()) {
        if (RESERVED_SESSION_NAMES.has(name.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: ['landing_columns', i], message: `'${name}' is a column of the sessions table already` });
        }
      }
    }),
);

/** The sessions table's columns, in order (landing columns follow). */
const SESSION_COLUMNS = ['person_key', 'session_id', 'session_start', 'session_end', 'duration_ms', 'events_count', 'entry_step', 'exit_step', 'path'];

const RESERVED_SESSION_NAMES = new Set([...SESSION_COLUMNS, 'event_at', 'event_id', 'step', 'opens_session', 'session_number', 'step_number', 'steps_to_end']);

export type JourneyConfigInput = z.input<ReturnType<typeof journeySchema>>;

export interface JourneySpec {
  columns: z.output<ReturnType<typeof columnsSchema>>;
  extraIds: string[];
  gap: Duration;
  splitAtMidnight: boolean;
  maxPathSteps: number;
  landingColumns: string[];
  maxIterations: number;
  lookback: Duration;
}

export function parseJourneyConfig(raw: unknown, file: string): JourneySpec {
  const c = parseKindConfig(journeySchema(), 'journey', raw, file);
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
