import type { ModelNode } from '../../src/core/nodes.js';
import type { Relation } from '../../src/core/relation.js';
import { DuckDBEngine } from '../../src/engines/duckdb/index.js';
import type { BuildContext, BuildResult } from '../../src/materialize/context.js';
import { buildFunnel } from '../../src/materialize/funnel/index.js';
import { isKnown, userIdOf, type SampleEvent } from '../../src/sample/index.js';
import type { EventRow, RefPerson, RefStepRow, Value } from './funnel-reference.js';

/** The columns of main.events, in order, with their DuckDB types. */
export const EVENT_COLUMNS = {
  person_key: 'VARCHAR',
  user_id: 'VARCHAR',
  anonymous_id: 'VARCHAR',
  event: 'VARCHAR',
  event_at: 'TIMESTAMP',
  device_type: 'VARCHAR',
  utm_source: 'VARCHAR',
  category: 'VARCHAR',
} as const;

/**
 * One row per call, as a stitched clickstream model would give it: `person_key` is the user id of
 * persons who log in (for all their devices) and the device for anonymous ones; pages are
 * `page_viewed`. `event_at` is epoch ms.
 */
export function eventRows(events: SampleEvent[]): EventRow[] {
  return events.map((e) => ({
    person_key: isKnown(e.personIndex) ? userIdOf(e.personIndex) : e.anonymousId,
    user_id: e.userId,
    anonymous_id: e.anonymousId,
    event: e.kind === 'track' ? e.event! : e.kind === 'page' ? 'page_viewed' : 'identify',
    event_at: e.timestamp,
    device_type: e.context.deviceType,
    utm_source: e.context.campaign?.source ?? null,
    category: typeof e.properties.category === 'string' ? e.properties.category : null,
  }));
}

const literal = (v: Value, type: string) =>
  v === null ? 'NULL' : type === 'TIMESTAMP' ? `make_timestamp(${Number(v) * 1000})` : `'${String(v).replaceAll("'", "''")}'`;

/** An in-memory DuckDB with the rows in main.events. */
export async function engineWithEvents(rows: EventRow[]): Promise<DuckDBEngine> {
  const engine = new DuckDBEngine({ path: ':memory:', threads: 1 });
  await engine.open();
  const cols = Object.entries(EVENT_COLUMNS);
  await engine.execute(`create table main.events (${cols.map(([c, t]) => `"${c}" ${t}`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map((r) => `(${cols.map(([c, t]) => literal(r[c] ?? null, t)).join(', ')})`);
    await engine.execute(`insert into main.events values ${values.join(',\n')}`);
  }
  return engine;
}

export const MODEL: Relation = { schema: 'main', identifier: 'funnel' };

/** Runs the funnel materializer the way the runner does, on a synthetic model node. */
export async function buildFunnelModel(
  engine: DuckDBEngine,
  funnel: Record<string, unknown>,
  sql = 'select * from main.events',
): Promise<{ result: BuildResult; statements: string[] }> {
  const node = {
    uniqueId: 'model.t.funnel',
    kind: 'model',
    name: 'funnel',
    path: 'models/funnel.sql',
    config: { materialized: 'funnel', enabled: true, tags: [], funnel },
    relation: MODEL,
  } as unknown as ModelNode;
  const statements: string[] = [];
  const ctx: BuildContext = { engine, node, relation: MODEL, sql, existing: await engine.getRelation(MODEL), fullRefresh: false, statements };
  return { result: await buildFunnel(ctx), statements };
}

/** The per-person table as reference rows (times as epoch ms). */
export async function personsOf(engine: DuckDBEngine, table: string, stepNames: string[], breakdown: string[], person = 'person_key'): Promise<RefPerson[]> {
  const at = stepNames.map((n) => `epoch_ms("${n}_at") as "${n}_at"`).join(', ');
  const bd = breakdown.map((b) => `"${b}"`).join(', ');
  const rows = (await engine.execute(`select "${person}" as p, ${bd ? `${bd}, ` : ''}furthest_step, converted, ${at}, seconds_to_convert from ${table}`)).rows;
  return rows.map((r) => ({
    person: String(r.p),
    breakdown: breakdown.map((b) => r[b] as Value),
    furthest: Number(r.furthest_step),
    converted: r.converted as boolean,
    at: stepNames.map((n) => (r[`${n}_at`] === null ? null : Number(r[`${n}_at`]))),
    secondsToConvert: r.seconds_to_convert as number | null,
  }));
}

/** The aggregate table as reference rows. */
export async function stepsOf(engine: DuckDBEngine, table: string, breakdown: string[]): Promise<RefStepRow[]> {
  const bd = breakdown.map((b) => `"${b}"`).join(', ');
  const rows = (
    await engine.execute(
      `select period, ${bd ? `${bd}, ` : ''}step_number, step_name, persons, conversion_from_first, conversion_from_previous, median_seconds_from_previous from ${table}`,
    )
  ).rows;
  return rows.map((r) => ({
    period: String(r.period),
    breakdown: breakdown.map((b) => r[b] as Value),
    step: Number(r.step_number),
    stepName: String(r.step_name),
    persons: Number(r.persons),
    fromFirst: r.conversion_from_first as number,
    fromPrevious: r.conversion_from_previous as number | null,
    medianSecondsFromPrevious: r.median_seconds_from_previous as number | null,
  }));
}

export const byPerson = (a: RefPerson, b: RefPerson) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0);
export const byGroupAndStep = (a: RefStepRow, b: RefStepRow) => {
  const ka = JSON.stringify([a.period, ...a.breakdown, a.step]);
  const kb = JSON.stringify([b.period, ...b.breakdown, b.step]);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
