import { closingParen, readQualifiedName, segments, statementBody, type QualifiedName } from './sql-text.js';

export type PropertyValue = string | number | boolean | string[];

/** The statements the emulator runs, as Athena tells them apart. */
export type Statement =
  | { kind: 'create-database'; name: QualifiedName; ifNotExists: boolean }
  | { kind: 'ctas'; target: QualifiedName; properties: Record<string, PropertyValue>; select: string; withNoData: boolean }
  | { kind: 'create-view'; target: QualifiedName; orReplace: boolean; select: string }
  | { kind: 'drop-table'; target: QualifiedName; ifExists: boolean }
  | { kind: 'drop-view'; target: QualifiedName; ifExists: boolean }
  | { kind: 'insert'; target: QualifiedName; columns: string[] | null; select: string }
  | { kind: 'merge' | 'delete' | 'update'; target: QualifiedName; sql: string }
  | { kind: 'rename-table'; target: QualifiedName; to: QualifiedName }
  | { kind: 'query'; sql: string }
  | { kind: 'unsupported'; what: string };

/** A statement Athena would refuse before running it. */
export class ParseFailure extends Error {}

/** DDL Athena hands to its Hive layer: backquotes only. Everything else is Trino: double quotes only. */
const HIVE_DDL =
  /^(create\s+(external\s+)?(database|schema)|drop\s+(table|database|schema)|alter\s+(table|database)|create\s+external\s+table|msck|show|describe)\b/i;

export function parseStatement(text: string): { statement: Statement; sql: string; hive: boolean } {
  const sql = statementBody(text);
  const hive = HIVE_DDL.test(sql);
  if (hive && segments(sql).some((s) => s.kind === 'dquote')) {
    const token = segments(sql).find((s) => s.kind === 'dquote')!.text;
    throw new ParseFailure(
      `FAILED: ParseException line 1:0 cannot recognize input near '${token}' in this DDL statement (Hive DDL takes \`backquoted\` names)`,
    );
  }
  if (!hive && segments(sql).some((s) => s.kind === 'bquote')) {
    throw new ParseFailure('line 1:1: backquoted identifiers are not supported; use double quotes to quote identifiers');
  }
  return { statement: classify(sql), sql, hive };
}

function classify(sql: string): Statement {
  let m = /^create\s+(database|schema)\s+(if\s+not\s+exists\s+)?/i.exec(sql);
  if (m) return { kind: 'create-database', name: nameAt(sql, m[0].length), ifNotExists: Boolean(m[2]) };

  m = /^create\s+(or\s+replace\s+)?view\s+/i.exec(sql);
  if (m) {
    const target = nameAt(sql, m[0].length);
    const as = /^\s*as\s+/i.exec(sql.slice(target.end));
    if (!as) throw new ParseFailure(`line 1:${target.end + 1}: mismatched input: expecting AS`);
    return { kind: 'create-view', target, orReplace: Boolean(m[1]), select: sql.slice(target.end + as[0].length) };
  }

  m = /^create\s+table\s+(if\s+not\s+exists\s+)?/i.exec(sql);
  if (m) return parseCtas(sql, m[0].length);

  m = /^drop\s+(table|view)\s+(if\s+exists\s+)?/i.exec(sql);
  if (m) return { kind: m[1]!.toLowerCase() === 'table' ? 'drop-table' : 'drop-view', target: nameAt(sql, m[0].length), ifExists: Boolean(m[2]) };

  m = /^insert\s+into\s+/i.exec(sql);
  if (m) {
    const target = nameAt(sql, m[0].length);
    let rest = target.end;
    let columns: string[] | null = null;
    const open = /^\s*\(/.exec(sql.slice(rest));
    // a parenthesis after the name is a column list unless it starts the query: INSERT INTO t (SELECT ...)
    if (open && !/^\s*\(\s*(select|with|values)\b/i.test(sql.slice(rest))) {
      const start = rest + open[0].length - 1;
      const close = closingParen(sql, start);
      columns = splitNames(sql.slice(start + 1, close));
      rest = close + 1;
    }
    return { kind: 'insert', target, columns, select: sql.slice(rest).trim() };
  }

  m = /^alter\s+table\s+/i.exec(sql);
  if (m) {
    const target = nameAt(sql, m[0].length);
    const rename = /^\s*rename\s+to\s+/i.exec(sql.slice(target.end));
    if (rename) return { kind: 'rename-table', target, to: nameAt(sql, target.end + rename[0].length) };
    return { kind: 'unsupported', what: 'ALTER TABLE (other than RENAME TO)' };
  }

  m = /^merge\s+into\s+/i.exec(sql);
  if (m) return { kind: 'merge', target: nameAt(sql, m[0].length), sql };
  m = /^delete\s+from\s+/i.exec(sql);
  if (m) return { kind: 'delete', target: nameAt(sql, m[0].length), sql };
  m = /^update\s+/i.exec(sql);
  if (m) return { kind: 'update', target: nameAt(sql, m[0].length), sql };

  if (/^(select|with|values|\(|table)\b/i.test(sql) || sql.startsWith('(')) return { kind: 'query', sql };
  return { kind: 'unsupported', what: sql.split(/\s+/).slice(0, 3).join(' ').toUpperCase() };
}

function parseCtas(sql: string, at: number): Statement {
  const target = nameAt(sql, at);
  let rest = target.end;
  let properties: Record<string, PropertyValue> = {};
  const withClause = /^\s*with\s*\(/i.exec(sql.slice(rest));
  if (withClause) {
    const open = rest + withClause[0].length - 1;
    const close = closingParen(sql, open);
    properties = parseProperties(sql.slice(open + 1, close));
    rest = close + 1;
  }
  const as = /^\s*as\s+/i.exec(sql.slice(rest));
  if (!as) throw new ParseFailure('NOT_SUPPORTED: the emulator runs CREATE TABLE AS SELECT only, not CREATE TABLE with a column list');
  let select = sql.slice(rest + as[0].length);
  const noData = /\s+with\s+no\s+data\s*$/i.exec(select);
  if (noData) select = select.slice(0, noData.index);
  return { kind: 'ctas', target, properties, select, withNoData: Boolean(noData) };
}

/** `a = 'x', b = ARRAY['c', 'd'], n = 5, e = false` */
export function parseProperties(text: string): Record<string, PropertyValue> {
  const props: Record<string, PropertyValue> = {};
  const re = /\s*(\w+)\s*=\s*(ARRAY\s*\[((?:[^\]']|'(?:[^']|'')*')*)\]|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|(true|false))\s*(,|$)/iy;
  let at = 0;
  while (at < text.length && text.slice(at).trim()) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new ParseFailure(`line 1:1: cannot read the table property near '${text.slice(at, at + 30).trim()}'`);
    const key = m[1]!.toLowerCase();
    if (m[3] !== undefined) props[key] = [...m[3].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!.replaceAll("''", "'"));
    else if (m[4] !== undefined) props[key] = m[4].replaceAll("''", "'");
    else if (m[5] !== undefined) props[key] = Number(m[5]);
    else props[key] = m[6]!.toLowerCase() === 'true';
    at = re.lastIndex;
  }
  return props;
}

function nameAt(sql: string, at: number): QualifiedName {
  const name = readQualifiedName(sql, at);
  if (!name) throw new ParseFailure(`line 1:${at + 1}: mismatched input: expecting a name`);
  return name;
}

function splitNames(list: string): string[] {
  const names: string[] = [];
  let at = 0;
  for (;;) {
    const n = readQualifiedName(list, at);
    if (!n) break;
    names.push(n.parts[n.parts.length - 1]!);
    const comma = /\s*,/y;
    comma.lastIndex = n.end;
    if (!comma.exec(list)) break;
    at = comma.lastIndex;
  }
  return names;
}
