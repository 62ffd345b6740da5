import { EmulatorSqlError } from './errors.js';
import { rewriteFunctions } from './functions.js';
import { rewriteQualify } from './qualify.js';
import { qname, stripTableAttributes, type QName, type TableDesign } from './table-attributes.js';
import { isPunct, isWord, readName, render, significant, tokenize, type Token } from './tokens.js';
import { rejectUnsupported } from './unsupported.js';
import { rewriteVarchar } from './varchar.js';

export type StatementShape =
  | { kind: 'transaction'; verb: 'begin' | 'commit' | 'rollback' }
  | { kind: 'create-table'; table: QName; design: TableDesign }
  | { kind: 'create-view'; view: QName; columns: string; body: string; orReplace: boolean; lateBinding: boolean }
  | { kind: 'drop'; objectType: 'table' | 'view'; names: QName[] }
  | { kind: 'rename'; from: QName; to: string }
  | { kind: 'other'; ddl: boolean };

export interface RewrittenStatement {
  /** what PostgreSQL runs */
  sql: string;
  shape: StatementShape;
  /** the VARCHAR lengths (bytes) it uses: their domains must exist when it runs */
  varcharLengths: Set<number>;
}

/**
 * Turns one Redshift statement into PostgreSQL, in this order:
 * 1. refuse PostgreSQL-only syntax Redshift lacks (unsupported.ts);
 * 2. fold quoted names to lower case, as Redshift does by default;
 * 3. character types: VARCHAR lengths in bytes, 256 without one, casts cut (varchar.ts);
 * 4. function syntax (DATEADD/DATEDIFF date parts, LISTAGG, MEDIAN, NVL, SYSDATE, VARCHAR(MAX));
 * 5. QUALIFY;
 * 6. CREATE TABLE attributes (DISTSTYLE/DISTKEY/SORTKEY/ENCODE/BACKUP) and late-binding views
 *    (WITH NO SCHEMA BINDING) are taken out and returned in `shape`, for the executor to record.
 */
export function rewriteStatement(redshiftSql: string): RewrittenStatement {
  let tokens = tokenize(redshiftSql);
  rejectUnsupported(tokens);
  tokens = foldQuotedNames(tokens);
  const varchar = rewriteVarchar(tokens);
  tokens = rewriteFunctions(varchar.tokens);
  tokens = rewriteQualify(tokens);
  const table = stripTableAttributes(tokens);
  const varcharLengths = varchar.lengths;
  if (table) return { sql: render(table.tokens), shape: { kind: 'create-table', table: table.table, design: table.design }, varcharLengths };
  return { sql: render(tokens), shape: shapeOf(tokens), varcharLengths };
}

function foldQuotedNames(tokens: Token[]): Token[] {
  return tokens.map((t) => (t.kind === 'qident' ? { kind: 'qident', text: t.text.toLowerCase() } : t));
}

function shapeOf(tokens: Token[]): StatementShape {
  const sig = significant(tokens);
  const first = sig[0]?.token;
  if (isWord(first, 'begin', 'start')) return { kind: 'transaction', verb: 'begin' };
  if (isWord(first, 'commit', 'end')) return { kind: 'transaction', verb: 'commit' };
  if (isWord(first, 'rollback', 'abort')) return { kind: 'transaction', verb: 'rollback' };
  if (isWord(first, 'create')) return createShape(tokens, sig);
  if (isWord(first, 'drop') && isWord(sig[1]?.token, 'table', 'view')) {
    let i = 2;
    if (isWord(sig[i]?.token, 'if') && isWord(sig[i + 1]?.token, 'exists')) i += 2;
    const names: QName[] = [];
    for (let name = readName(sig, i); name; name = isPunct(sig[name.end]?.token, ',') ? readName(sig, name.end + 1) : null) {
      names.push(qname(name.parts));
    }
    return { kind: 'drop', objectType: sig[1]!.token.text.toLowerCase() as 'table' | 'view', names };
  }
  if (isWord(first, 'alter') && isWord(sig[1]?.token, 'table', 'view')) {
    const name = readName(sig, 2);
    if (name && isWord(sig[name.end]?.token, 'rename') && isWord(sig[name.end + 1]?.token, 'to')) {
      const to = readName(sig, name.end + 2);
      if (to) return { kind: 'rename', from: qname(name.parts), to: to.parts.at(-1)! };
    }
    return { kind: 'other', ddl: true };
  }
  return { kind: 'other', ddl: isWord(first, 'alter', 'drop', 'truncate', 'grant', 'revoke', 'comment') };
}

function createShape(tokens: Token[], sig: ReturnType<typeof significant>): StatementShape {
  let i = 1;
  const orReplace = isWord(sig[i]?.token, 'or') && isWord(sig[i + 1]?.token, 'replace');
  if (orReplace) i += 2;
  if (!isWord(sig[i]?.token, 'view')) return { kind: 'other', ddl: true };
  const name = readName(sig, i + 1);
  if (!name) throw new EmulatorSqlError('syntax error in CREATE VIEW');
  let asAt = name.end;
  let columns = '';
  if (isPunct(sig[asAt]?.token, '(')) {
    const start = asAt;
    while (!isPunct(sig[asAt]?.token, ')')) asAt++;
    columns = sig
      .slice(start, asAt + 1)
      .map((s) => s.token.text)
      .join(' ');
    asAt++;
  }
  if (!isWord(sig[asAt]?.token, 'as')) throw new EmulatorSqlError('syntax error in CREATE VIEW: expected AS');
  let end = sig.length;
  while (end > asAt && isPunct(sig[end - 1]!.token, ';')) end--;
  const lateBinding =
    end - asAt > 4 &&
    isWord(sig[end - 4]!.token, 'with') &&
    isWord(sig[end - 3]!.token, 'no') &&
    isWord(sig[end - 2]!.token, 'schema') &&
    isWord(sig[end - 1]!.token, 'binding');
  const bodyEnd = lateBinding ? end - 4 : end;
  const body = tokens
    .slice(sig[asAt + 1]!.index, sig[bodyEnd - 1]!.index + 1)
    .map((t) => t.text)
    .join('');
  return { kind: 'create-view', view: qname(name.parts), columns, body, orReplace, lateBinding };
}
