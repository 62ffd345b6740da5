import { sql } from 'kysely';
import type { SourceNode } from '../../core/nodes.js';
import type { Engine } from '../../engines/engine.js';
import { classifyLag, formatLag, formatThreshold, type FreshnessCriteria } from './thresholds.js';

/** `runtime error`: the check could not run (no table, no loaded_at column), as dbt names it. */
export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

export interface FreshnessResult {
  uniqueId: string;
  sourceName: string;
  table: string;
  relationName: string;
  loadedAtField?: string;
  /** ISO; absent when the table has no rows (or the check failed) */
  maxLoadedAt?: string;
  /** the "now" the lag is measured against */
  snapshottedAt: string;
  lagSeconds?: number;
  status: FreshnessStatus;
  criteria: FreshnessCriteria;
  message: string;
  startedAt: string;
  completedAt: string;
  executionTime: number;
}

/** RudderStack stamps every row it loads with `received_at`; event tables need no configuration. */
export const DEFAULT_LOADED_AT_FIELD = 'received_at';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * max(loaded_at_field) of one source table against `now`. The lag is computed here rather than
 * with the warehouse clock so a test or a backfill can say what "now" is (--freshness-now).
 * Timestamps without a time zone are read as UTC, the warehouse convention for load times.
 */
export async function checkSourceFreshness(engine: Engine, node: SourceNode, now: Date, signal?: AbortSignal): Promise<FreshnessResult> {
  const started = new Date();
  const criteria = node.freshness ?? {};
  const relationName = engine.dialect.quoteRelation(node.relation!);
  const label = `${node.sourceName}.${node.name}`;
  const base = { uniqueId: node.uniqueId, sourceName: node.sourceName, table: node.name, relationName, criteria, snapshottedAt: now.toISOString() };
  const finish = (r: Partial<FreshnessResult> & Pick<FreshnessResult, 'status' | 'message'>): FreshnessResult => {
    const completed = new Date();
    return {
      ...base,
      ...r,
      startedAt: started.toISOString(),
      completedAt: completed.toISOString(),
      executionTime: (completed.getTime() - started.getTime()) / 1000,
    };
  };
  try {
    const field = node.loadedAtField ?? (await defaultLoadedAtField(engine, node));
    if (!field) {
      return finish({
        status: 'runtime error',
        message: `source ${label}: no loaded_at_field is set and ${relationName} has no ${DEFAULT_LOADED_AT_FIELD} column (or does not exist)`,
      });
    }
    const max = await maxLoadedAt(engine, node, field, signal);
    if (max === undefined)
      return finish({
        loadedAtField: field,
        status: 'error',
        message: `source ${label} has no rows with a ${field}${criteria.filter ? ` (filter: ${criteria.filter})` : ''}`,
      });
    const lagSeconds = Math.max(0, (now.getTime() - max.getTime()) / 1000);
    const status = classifyLag(lagSeconds, criteria);
    return finish({ loadedAtField: field, maxLoadedAt: max.toISOString(), lagSeconds, status, message: describe(label, status, max, lagSeconds, criteria) });
  } catch (err) {
    if (signal?.aborted) throw err;
    return finish({ status: 'runtime error', message: `source ${label}: ${err instanceof Error ? err.message : String(err)}` });
  }
}

function describe(label: string, status: 'pass' | 'warn' | 'error', max: Date, lag: number, c: FreshnessCriteria): string {
  const loaded = `last loaded ${max
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$|Z$/, ' UTC')}, ${formatLag(lag)} ago`;
  const limits = [c.warn_after && `warn_after ${formatThreshold(c.warn_after)}`, c.error_after && `error_after ${formatThreshold(c.error_after)}`]
    .filter(Boolean)
    .join(', ');
  if (status === 'error') return `source ${label} is stale: ${loaded}, over error_after ${formatThreshold(c.error_after!)}`;
  if (status === 'warn') return `source ${label} is late: ${loaded}, over warn_after ${formatThreshold(c.warn_after!)}`;
  return `source ${label} is fresh: ${loaded} (${limits})`;
}

async function defaultLoadedAtField(engine: Engine, node: SourceNode): Promise<string | undefined> {
  const columns = await engine.getColumns(node.relation!);
  return columns.find((c) => c.name.toLowerCase() === DEFAULT_LOADED_AT_FIELD)?.name;
}

async function maxLoadedAt(engine: Engine, node: SourceNode, field: string, signal?: AbortSignal): Promise<Date | undefined> {
  const rel = node.relation!;
  const parts = [rel.database, rel.schema, rel.identifier].filter((p): p is string => Boolean(p)) as [string, ...string[]];
  // a loaded_at_field may be an expression (a cast, a time zone conversion), as in dbt
  const column = IDENTIFIER.test(field) ? sql.id(field) : sql.raw(field);
  let query = engine.db.selectFrom(sql.id(...parts).as('s') as never).select(sql`max(${column})`.as('max_loaded_at'));
  if (node.freshness?.filter) query = query.where(sql<boolean>`${sql.raw(node.freshness.filter)}`);
  const { rows } = await engine.execute(query.compile().sql, { signal, label: node.uniqueId });
  return toDate(rows[0]?.max_loaded_at);
}

function toDate(v: unknown): Date | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v;
  const text = String(v).trim();
  const zoned = /(?:Z|[+-]\d\d(?::?\d\d)?)$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const d = new Date(zoned);
  if (Number.isNaN(d.getTime())) throw new Error(`max(loaded_at) is '${text}', which is not a timestamp`);
  return d;
}
