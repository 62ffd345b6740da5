import { KeelError } from '../core/errors.js';
import type { Relation } from '../core/relation.js';
import type { StatementSql } from './statement-sql.js';
import type { BuildStepOptions, Engine, IncrementalStep, QueryResult, Replacement } from './engine.js';

/**
 * The build steps of an engine whose DDL is transactional (DuckDB, Redshift): each is the
 * dialect's statements, several of them in one transaction, so a failure changes nothing.
 */
export type TransactionalStepsEngine = Pick<Engine, 'execute' | 'transaction' | 'dialect' | 'db'>;

/** The rename-rename-drop that puts each `built` in place of its `live`, for one transaction (readers see all old or all new). */
export function swapStatements(dialect: StatementSql, replacements: Replacement[]): string[] {
  const out: string[] = [];
  for (const r of replacements) {
    const backup = `${r.live.identifier}__keel_backup`;
    if (r.liveType) out.push(dialect.renameRelation(r.live, backup, r.liveType));
    out.push(dialect.renameRelation(r.built, r.live.identifier, r.builtType));
    if (r.liveType) out.push(dialect.dropRelation({ ...r.live, identifier: backup }, r.liveType));
  }
  return out;
}

function runOne(engine: TransactionalStepsEngine, sql: string, opts: BuildStepOptions): Promise<QueryResult> {
  opts.log?.(sql);
  return engine.execute(sql, { signal: opts.signal, label: opts.label });
}

async function runAtomically(engine: TransactionalStepsEngine, statements: string[], opts: BuildStepOptions): Promise<QueryResult[]> {
  for (const s of statements) opts.log?.(s);
  return engine.transaction(statements, { signal: opts.signal, label: opts.label });
}

export function createTableAs(engine: TransactionalStepsEngine, rel: Relation, selectSql: string, opts: BuildStepOptions = {}): Promise<QueryResult> {
  return runOne(engine, engine.dialect.createTableAs(rel, selectSql, { config: opts.config }), opts);
}

export async function replaceRelation(engine: TransactionalStepsEngine, replacement: Replacement, opts: BuildStepOptions = {}): Promise<void> {
  await runAtomically(engine, swapStatements(engine.dialect, [replacement]), opts);
}

export async function dropRelation(
  engine: TransactionalStepsEngine,
  rel: Relation,
  type: Replacement['builtType'],
  opts: BuildStepOptions = {},
): Promise<void> {
  await runOne(engine, engine.dialect.dropRelation(rel, type), opts);
}

/** append, merge or delete+insert, and the staged table's drop, in one transaction. */
export async function applyIncremental(engine: TransactionalStepsEngine, step: IncrementalStep, opts: BuildStepOptions = {}): Promise<QueryResult> {
  const { dialect } = engine;
  const { strategy, target, staged, uniqueKey, columns } = step;
  // incremental_predicates narrow the target rows a merge or delete+insert may touch (dbt semantics)
  const keyed = { predicates: predicatesOf(step.config) };
  let statements: string[];
  if (strategy === 'append') {
    const select = engine.db
      .withSchema(staged.schema)
      .selectFrom(staged.identifier)
      .select(columns as never[])
      .compile().sql;
    statements = [dialect.insertInto(target, select, columns)];
  } else if (strategy === 'delete+insert' && dialect.deleteInsert) {
    statements = dialect.deleteInsert(target, staged, uniqueKey, columns, keyed);
  } else if (strategy === 'merge' || strategy === 'delete+insert') {
    statements = dialect.merge(target, staged, uniqueKey, columns, keyed);
  } else {
    throw new KeelError(`incremental_strategy '${strategy}' is not available on ${dialect.name}`, { hint: 'Use append, merge or delete+insert.' });
  }
  const results = await runAtomically(engine, [...statements, dialect.dropRelation(staged, 'table')], opts);
  return { columns: [], rows: [], rowsAffected: results[0]?.rowsAffected };
}

function predicatesOf(config: Record<string, unknown>): string[] {
  const p = config.incremental_predicates;
  if (p === undefined || p === null) return [];
  return (Array.isArray(p) ? p : [p]).map(String);
}
