import type { Relation } from '../../core/relation.js';
import { asText, indent, type SqlContext } from '../journey/sql-context.js';
import type { SegmentSpec } from './config.js';
import { ruleSql } from './rules-sql.js';

/**
 * A segment build, as SQL:
 * 1. candidates: the model's rows with the rule and consent evaluated at as_of (a work table);
 * 2. members: candidates that satisfy the rule and gave consent, with when their membership began;
 * 3. changes: added members, and removed ones with their last exported identifiers and a reason;
 * 4. the history update: close removed memberships, open added ones.
 * The history table is only ever updated in place, never rebuilt, so no build can lose it; without
 * transactions (Athena) the update runs on a copy that replaces it in one catalog step.
 */

export interface SegmentRelations {
  candidates: Relation;
  /** the members built beside the live ones */
  newMembers: Relation;
  /** the live members (previous build); absent on a first build */
  oldMembers?: Relation;
  /** identifier columns the live members table has (older builds may have had others) */
  oldIdentifiers?: string[];
  history: Relation;
  newChanges: Relation;
}

export function candidatesSelect(s: SqlContext, spec: SegmentSpec, source: string, asOf: string): string {
  const src = (c: string) => `${s.id('candidate')}.${s.id(c)}`;
  const consent = spec.consent ? `COALESCE(${src(spec.consent)}, FALSE)` : 'TRUE';
  const cols = [
    `${asText(s, src(spec.key))} AS ${s.id('person_key')}`,
    ...spec.identifiers.map((c) => `${src(c)} AS ${s.id(c)}`),
    `CASE WHEN ${ruleSql(s, spec.rule, asOf)} THEN TRUE ELSE FALSE END AS ${s.id('rule_holds')}`,
    `CASE WHEN ${consent} THEN TRUE ELSE FALSE END AS ${s.id('consent_given')}`,
  ];
  // a blank key is no person (as in journeys and funnels): it is not a candidate
  const where = `${src(spec.key)} IS NOT NULL AND NOT ${s.a.isBlank(asText(s, src(spec.key)))}`;
  return `SELECT\n${indent(cols.join(',\n'))}\nFROM ${source} ${s.id('candidate')}\nWHERE ${where}`;
}

/** Rows beyond one per person key: a segment needs one row per person. */
export function duplicateKeysSelect(s: SqlContext, candidates: Relation): string {
  return `SELECT count(*) - count(DISTINCT ${s.id('person_key')}) AS ${s.id('duplicates')} FROM ${s.rel(candidates)}`;
}

/** History rows stamped after as_of: the history is kept in as_of order. */
export function laterHistorySelect(s: SqlContext, history: Relation, asOf: string): string {
  return `SELECT count(*) AS ${s.id('later')} FROM ${s.rel(history)} WHERE ${s.id('entered_at')} > ${asOf} OR ${s.id('exited_at')} > ${asOf}`;
}

export function emptyHistorySelect(s: SqlContext): string {
  return (
    `SELECT ${asText(s, 'NULL')} AS "person_key", CAST(NULL AS TIMESTAMP) AS "entered_at", ` +
    `CAST(NULL AS TIMESTAMP) AS "exited_at", ${asText(s, 'NULL')} AS "exit_reason" WHERE 1 = 0`
  );
}

const openIn = (s: SqlContext, history: Relation, alias: string, key: string) =>
  `SELECT 1 FROM ${s.rel(history)} ${alias} WHERE ${alias}.${s.id('person_key')} = ${key} AND ${alias}.${s.id('exited_at')} IS NULL`;

export function membersSelect(s: SqlContext, spec: SegmentSpec, r: SegmentRelations, asOf: string): string {
  const c = (col: string) => `c.${s.id(col)}`;
  const cols = [
    c('person_key'),
    ...spec.identifiers.map(c),
    `COALESCE(h.${s.id('entered_at')}, ${asOf}) AS ${s.id('entered_at')}`,
    `${asOf} AS ${s.id('as_of')}`,
  ];
  return (
    `SELECT\n${indent(cols.join(',\n'))}\nFROM ${s.rel(r.candidates)} c\n` +
    `LEFT JOIN ${s.rel(r.history)} h ON h.${s.id('person_key')} = c.${s.id('person_key')} AND h.${s.id('exited_at')} IS NULL\n` +
    `WHERE c.${s.id('rule_holds')} AND c.${s.id('consent_given')}`
  );
}

/**
 * What changed since the previous build: the input of an audience sync. Removed members carry the
 * identifiers they were exported with; the reason is consent_withdrawn when the person is still a
 * candidate but without consent, else rule.
 */
export function changesSelect(s: SqlContext, spec: SegmentSpec, r: SegmentRelations, asOf: string): string {
  const pk = s.id('person_key');
  const added = [
    `${asOf} AS ${s.id('as_of')}`,
    `${s.a.stringLiteral('added')} AS ${s.id('change')}`,
    `m.${pk}`,
    ...spec.identifiers.map((c) => `m.${s.id(c)}`),
    `${asText(s, 'NULL')} AS ${s.id('reason')}`,
  ];
  const had = new Set((r.oldIdentifiers ?? []).map((c) => c.toLowerCase()));
  const oldId = (c: string) => (r.oldMembers && had.has(c.toLowerCase()) ? `o.${s.id(c)}` : 'NULL');
  const removed = [
    asOf,
    s.a.stringLiteral('removed'),
    `h.${pk}`,
    ...spec.identifiers.map(oldId),
    `CASE WHEN c.${pk} IS NOT NULL AND NOT c.${s.id('consent_given')} THEN ${s.a.stringLiteral('consent_withdrawn')} ELSE ${s.a.stringLiteral('rule')} END`,
  ];
  const oldJoin = r.oldMembers ? `LEFT JOIN ${s.rel(r.oldMembers)} o ON o.${pk} = h.${pk}\n` : '';
  return (
    `SELECT\n${indent(added.join(',\n'))}\nFROM ${s.rel(r.newMembers)} m\n` +
    `WHERE NOT EXISTS (${openIn(s, r.history, 'h', `m.${pk}`)})\n` +
    `UNION ALL\n` +
    `SELECT\n${indent(removed.join(',\n'))}\nFROM ${s.rel(r.history)} h\n${oldJoin}` +
    `LEFT JOIN ${s.rel(r.candidates)} c ON c.${pk} = h.${pk}\n` +
    `WHERE h.${s.id('exited_at')} IS NULL\n` +
    `  AND NOT EXISTS (SELECT 1 FROM ${s.rel(r.newMembers)} m WHERE m.${pk} = h.${pk})`
  );
}

/** Closes removed memberships and opens added ones; plain UPDATE/INSERT that every engine runs. */
export function historyUpdateStatements(s: SqlContext, r: SegmentRelations, asOf: string): string[] {
  const [pk, change, reason] = ['person_key', 'change', 'reason'].map(s.id);
  const close = (why: string) =>
    `UPDATE ${s.rel(r.history)}\nSET ${s.id('exited_at')} = ${asOf}, ${s.id('exit_reason')} = ${s.a.stringLiteral(why)}\n` +
    `WHERE ${s.id('exited_at')} IS NULL AND ${pk} IN (\n` +
    `  SELECT ${pk} FROM ${s.rel(r.newChanges)} WHERE ${change} = 'removed' AND ${reason} = ${s.a.stringLiteral(why)}\n)`;
  const open =
    `INSERT INTO ${s.rel(r.history)} (${pk}, ${s.id('entered_at')}, ${s.id('exited_at')}, ${s.id('exit_reason')})\n` +
    `SELECT ${pk}, ${asOf}, CAST(NULL AS TIMESTAMP), ${asText(s, 'NULL')} FROM ${s.rel(r.newChanges)} WHERE ${change} = 'added'`;
  return [close('rule'), close('consent_withdrawn'), open];
}
