/** The funnel kind's aggregate columns (STEP_COLUMNS in src/materialize/funnel/config.ts): one row per period, breakdown and step. */
export const FUNNEL_AGGREGATE = {
  stepIndex: 'step_number',
  stepName: 'step_name',
  persons: 'persons',
  medianSeconds: 'median_seconds_from_previous',
} as const;
