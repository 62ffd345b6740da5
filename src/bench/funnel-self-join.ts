import type { FunnelSpec } from '../materialize/funnel/index.js';

/** One benchmark contender: per-person step times (ms) and the entry's breakdown, as a table. */
interface SelfJoinInput {
  table: string;
  events: string;
  spec: FunnelSpec;
  person: string;
}

function tagged({ events, spec, person }: SelfJoinInput): string {
  const step = `CASE ${spec.steps.map((s, i) => `WHEN (${s.where}) THEN ${i + 1}`).join(' ')} END`;
  const breakdown = spec.breakdown.map((b) => `, "${b}"`).join('');
  return `tagged AS (SELECT "${person}" AS person, epoch_ms("${spec.timestamp}") AS ms, ${step} AS step${breakdown} FROM ${events})`;
}

const ENTRY = `entry AS (SELECT person, min(ms) AS ms_1 FROM tagged WHERE step = 1 GROUP BY person)`;

/** the entry's breakdown values joined on, as keel defines them: the smallest among tied entry events */
function selectWithBreakdown(spec: FunnelSpec, times: string, from: string): string {
  if (!spec.breakdown.length) return `SELECT e.person, ${times} FROM ${from}`;
  const cols = spec.breakdown.map((b) => `"${b}"`);
  return `SELECT e.person, ${cols.map((c) => `b.${c}`).join(', ')}, ${times} FROM ${from}
  JOIN (SELECT t.person, ${cols.map((c) => `min(t.${c}) AS ${c}`).join(', ')} FROM entry AS e JOIN tagged AS t
        ON t.person = e.person AND t.step = 1 AND t.ms = e.ms_1 GROUP BY t.person) AS b ON b.person = e.person`;
}

/**
 * The funnel as dbt_product_analytics' funnel macro writes it: each step joins the events of that
 * step to every row of the previous step (same person, at or after it), so rows multiply along
 * each person's paths; the earliest time per step within the window is taken at the end. Times
 * grow along a path, so the earliest path inside the window is exactly keel's greedy step time
 * and the results must be equal.
 * DuckDB SQL, strict order.
 */
export function selfJoinOnEventsSql(input: SelfJoinInput): string {
  const { spec, table } = input;
  const k = spec.steps.length;
  const ctes = [tagged(input), ENTRY, `path_1 AS (SELECT person, ms_1, ms_1 AS ms FROM entry)`];
  for (let i = 2; i <= k; i++) {
    // like the macro, the joins know no window: a path's last step inside it is what counts
    ctes.push(`path_${i} AS (SELECT p.person, p.ms_1, t.ms FROM path_${i - 1} AS p JOIN tagged AS t
    ON t.person = p.person AND t.step = ${i} AND t.ms >= p.ms)`);
    ctes.push(`reached_${i} AS (SELECT person, min(ms) AS ms_${i} FROM path_${i} WHERE ms <= ms_1 + ${spec.window.ms} GROUP BY person)`);
  }
  const joins = Array.from({ length: k - 1 }, (_, j) => `LEFT JOIN reached_${j + 2} AS r${j + 2} ON r${j + 2}.person = e.person`).join(' ');
  const times = ['e.ms_1', ...Array.from({ length: k - 1 }, (_, j) => `r${j + 2}.ms_${j + 2}`)].join(', ');
  return `CREATE TABLE ${table} AS\nWITH ${ctes.join(',\n')}\n${selectWithBreakdown(spec, times, `entry AS e ${joins}`)}`;
}

/**
 * A hand-tuned self-join: each step joins the events once more, but only to one row per person
 * (the previous step's earliest time), so nothing multiplies. Reported for comparison.
 */
export function selfJoinOnMinimumsSql(input: SelfJoinInput): string {
  const { spec, table } = input;
  const k = spec.steps.length;
  const ctes = [tagged(input), ENTRY, `step_1 AS (SELECT person, ms_1 FROM entry)`];
  const carried = (i: number) => Array.from({ length: i }, (_, j) => `s.ms_${j + 1}`).join(', ');
  for (let i = 2; i <= k; i++) {
    ctes.push(`step_${i} AS (SELECT s.person, ${carried(i - 1)}, min(t.ms) AS ms_${i}
  FROM step_${i - 1} AS s LEFT JOIN tagged AS t
    ON t.person = s.person AND t.step = ${i} AND t.ms >= s.ms_${i - 1} AND t.ms <= s.ms_1 + ${spec.window.ms}
  GROUP BY s.person, ${carried(i - 1)})`);
  }
  const times = Array.from({ length: k }, (_, j) => `f.ms_${j + 1}`).join(', ');
  return `CREATE TABLE ${table} AS\nWITH ${ctes.join(',\n')}\n${selectWithBreakdown(spec, times, `entry AS e JOIN step_${k} AS f ON f.person = e.person`)}`;
}

/** keel's per-person table in the self-joins' shape: person, breakdown, ms of each reached step. */
export function keelAsSelfJoinSql(table: string, spec: FunnelSpec, person: string): string {
  const times = spec.steps.map((s, i) => `epoch_ms("${s.name}_at") AS ms_${i + 1}`);
  return `SELECT "${person}" AS person${spec.breakdown.map((b) => `, "${b}"`).join('')}, ${times.join(', ')} FROM ${table}`;
}
