import type { SqlContext } from '../journey/sql-context.js';
import type { Rule } from './config.js';

/**
 * A rule as a SQL condition over the candidate row (`candidate.<column>`). NULL never satisfies a
 * comparison or a `within`; `not_within` holds for NULL ("has not ordered in the last 30 days"
 * includes never). `asOf` is a timestamp expression.
 */
export function ruleSql(s: SqlContext, rule: Rule, asOf: string, alias = 'candidate'): string {
  const col = (name: string) => `${s.id(alias)}.${s.id(name)}`;
  if ('all' in rule) return `(${rule.all.map((r) => ruleSql(s, r, asOf, alias)).join(' AND ')})`;
  if ('any' in rule) return `(${rule.any.map((r) => ruleSql(s, r, asOf, alias)).join(' OR ')})`;
  if ('not' in rule) return `(NOT COALESCE(${ruleSql(s, rule.not, asOf, alias)}, FALSE))`;
  if ('sql' in rule) return `(${rule.sql})`;
  if ('within' in rule) return within(s, col(rule.column), rule.within.amount, rule.within.unit, asOf);
  if ('not_within' in rule) {
    const c = col(rule.column);
    return `(${c} IS NULL OR NOT ${within(s, c, rule.not_within.amount, rule.not_within.unit, asOf)})`;
  }
  if ('is_null' in rule) return `(${col(rule.column)} IS ${rule.is_null ? '' : 'NOT '}NULL)`;
  const right = rule.value_column !== undefined ? col(rule.value_column) : literal(s, rule.value!);
  return `(${col(rule.column)} ${rule.op === '!=' ? '<>' : rule.op} ${right})`;
}

/** In the window (as_of - amount, as_of]: "in the last 7 days" as of the build. */
function within(s: SqlContext, column: string, amount: number, unit: Parameters<SqlContext['a']['addInterval']>[2], asOf: string): string {
  // the column is the model's time (maybe zoned): read as UTC, as as_of is
  const at = s.a.utcTimestamp(column);
  return `(${at} > ${s.a.addInterval(asOf, -amount, unit)} AND ${at} <= ${asOf})`;
}

function literal(s: SqlContext, v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot compare with ${v}`);
    return String(v);
  }
  return s.a.stringLiteral(v);
}
