import { sql } from 'kysely';
import { KeelError } from '../core/errors.js';
import type { TestNode } from '../core/nodes.js';
import type { Engine, QueryStats } from '../engines/engine.js';
import { THRESHOLD } from '../project/schema.js';

export type TestStatus = 'pass' | 'warn' | 'fail';

export interface TestOutcome {
  status: TestStatus;
  failures: number;
  message: string;
  /** what the test query cost, where the engine reports it (Athena) */
  stats?: QueryStats;
}

/** `!= 0`, `> 10`, `>=5`: the condition dbt's warn_if / error_if take. */
export function thresholdMet(condition: string, failures: number, file: string): boolean {
  const m = THRESHOLD.exec(condition);
  if (!m) throw new KeelError(`invalid threshold '${condition}': use a comparison such as '> 10' or '!= 0'`, { location: { file } });
  const n = Number(m[2]);
  switch (m[1]) {
    case '!=':
    case '<>':
      return failures !== n;
    case '>=':
      return failures >= n;
    case '<=':
      return failures <= n;
    case '>':
      return failures > n;
    case '<':
      return failures < n;
    default:
      return failures === n;
  }
}

/** Counts the test query's rows and applies severity and thresholds. */
export async function runDataTest(engine: Engine, node: TestNode, signal?: AbortSignal): Promise<TestOutcome> {
  const limit = typeof node.config.limit === 'number' ? ` limit ${Math.trunc(node.config.limit)}` : '';
  const query = engine.db
    .selectFrom(sql.raw(`(${node.compiledSql}${limit})`).as('keel_test') as never)
    .select(sql<number>`count(*)`.as('failures'))
    .compile();
  const result = await engine.execute(query.sql, { signal, label: node.uniqueId });
  const failures = Number(result.rows[0]?.failures ?? 0);
  const severity = node.config.severity ?? 'error';
  const errorIf = node.config.error_if ?? '!= 0';
  const warnIf = node.config.warn_if ?? '!= 0';
  const rows = `${failures} failing row${failures === 1 ? '' : 's'}`;
  const stats = result.stats;
  if (severity === 'error' && thresholdMet(errorIf, failures, node.path)) return { status: 'fail', failures, message: rows, stats };
  if (thresholdMet(warnIf, failures, node.path)) return { status: 'warn', failures, message: rows, stats };
  return { status: 'pass', failures, message: failures ? `${rows}, under the threshold` : 'no failing rows', stats };
}
