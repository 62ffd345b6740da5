import type { Relation } from '../../core/relation.js';
import type { AnalyticsDialect } from '../../engines/analytics-dialect.js';
import { ansiQuoting } from '../../engines/quoting.js';

/** What a planner needs to spell SQL for one engine; pure, so golden tests can plan for any engine. */
export interface SqlContext {
  a: AnalyticsDialect;
  /** quoted identifier */
  id(name: string): string;
  /** quoted relation */
  rel(r: Relation): string;
}

export function sqlContext(a: AnalyticsDialect): SqlContext {
  // DuckDB, Trino and Redshift all quote with double quotes
  return { a, id: ansiQuoting.quoteIdentifier, rel: ansiQuoting.quoteRelation };
}

/**
 * Ids are compared as text everywhere: a user id may be numeric in one source and text in another.
 * The engine's own text type: a bare VARCHAR is 256 bytes on Redshift and would cut long ids.
 */
export const asText = (s: SqlContext, expr: string) => `CAST(${expr} AS ${s.a.typeName('string')})`;

/**
 * `expr`, or NULL when its text (`text`, by default `expr` itself) is empty or blank: the analytics
 * kinds treat such an id as missing, on every engine.
 */
export const nullIfBlank = (s: SqlContext, expr: string, text = expr) => `CASE WHEN ${s.a.isBlank(text)} THEN NULL ELSE ${expr} END`;

export const indent = (sql: string, by = '  ') => sql.replace(/^(?=.)/gm, by);
