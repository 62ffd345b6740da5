import { KeelError } from '../../core/errors.js';
import { DEFAULT_PERSON, type FunnelSpec } from './config.js';

/** Who a funnel counts: columns of the events coalesced in order, and the output column's name. */
export interface PersonKey {
  columns: string[];
  output: string;
}

/** RudderStack's ids, in the order a known user beats a device */
const FALLBACK = ['user_id', 'anonymous_id'];

/**
 * The configured person columns; without a config, `person_key` when the events have one (e.g.
 * from a journey's id graph), else `user_id` then `anonymous_id`. `eventColumns` is unknown at
 * compile (no connection): compile shows the `person_key` plan.
 */
export function resolvePerson(spec: FunnelSpec, eventColumns: string[] | undefined, file: string): PersonKey {
  if (spec.person) return { columns: spec.person, output: spec.person.length === 1 ? spec.person[0]! : DEFAULT_PERSON };
  if (!eventColumns || hasColumn(eventColumns, DEFAULT_PERSON)) return { columns: [DEFAULT_PERSON], output: DEFAULT_PERSON };
  const fallback = FALLBACK.filter((c) => hasColumn(eventColumns, c));
  if (!fallback.length) {
    throw new KeelError(`funnel: the events have no ${DEFAULT_PERSON}, user_id or anonymous_id column to count persons by`, {
      location: { file },
      hint: `Set funnel.person to a column of the model's SELECT (it has: ${eventColumns.join(', ')}).`,
    });
  }
  return { columns: fallback, output: DEFAULT_PERSON };
}

/** A clear error for a configured column the events lack, instead of the engine's binder error. */
export function checkEventColumns(spec: FunnelSpec, person: PersonKey, eventColumns: string[], file: string): void {
  const wanted: Array<[string, string]> = [
    ...person.columns.map((c): [string, string] => ['person', c]),
    ['timestamp', spec.timestamp],
    ...spec.breakdown.map((c): [string, string] => ['breakdown', c]),
  ];
  for (const [key, column] of wanted) {
    if (hasColumn(eventColumns, column)) continue;
    throw new KeelError(`funnel config 'funnel.${key}': the model's SELECT has no column '${column}'`, {
      location: { file },
      hint: `Its columns: ${eventColumns.join(', ')}`,
    });
  }
}

const hasColumn = (columns: string[], name: string) => columns.some((c) => c.toLowerCase() === name.toLowerCase());
