import { EmulatorSqlError } from './errors.js';
import { isPunct, isWord, significant, tokenize, type Token } from './tokens.js';

/**
 * Redshift's character types, which PostgreSQL's differ from: a VARCHAR length counts bytes (a
 * Devanagari letter is three), VARCHAR, NVARCHAR, CHARACTER VARYING and TEXT without a length are
 * VARCHAR(256), the longest is 65535 (MAX), and an explicit cast cuts a longer string to the length
 * where an insert refuses it ("value too long for type character varying(256)").
 *
 * Each VARCHAR(n) becomes the domain keel_emulator.varchar_<n> (a varchar whose check counts
 * bytes), so tables created from it keep the limit; a cast to it first cuts the value to n bytes
 * (keel_emulator.cut_bytes, at a character boundary).
 */
export const DEFAULT_VARCHAR_BYTES = 256;
export const MAX_VARCHAR_BYTES = 65535;
export const varcharDomain = (n: number) => `keel_emulator.varchar_${n}`;

interface TypeAt {
  /** sig indexes: first token of the type name, one past its last token */
  start: number;
  end: number;
  bytes: number;
}

type Sig = ReturnType<typeof significant>;

const COLUMN_FOLLOWERS = ['not', 'null', 'encode', 'default', 'primary', 'unique', 'references', 'collate', 'sortkey', 'distkey', 'identity', 'generated'];

export function rewriteVarchar(tokens: Token[]): { tokens: Token[]; lengths: Set<number> } {
  const sig = significant(tokens);
  const lengths = new Set<number>();
  const prefix = new Map<number, string[]>();
  const replace = new Map<number, { end: number; text: string }>();
  for (let i = 0; i < sig.length; i++) {
    const type = typeAt(sig, i);
    if (!type) continue;
    lengths.add(type.bytes);
    const domain = varcharDomain(type.bytes);
    const before = sig[type.start - 1]?.token;
    const castOpen = isWord(before, 'as') ? enclosingCast(sig, type.start - 1) : undefined;
    if (isPunct(before, '::')) {
      const exprStart = expressionStart(sig, type.start - 2);
      addPrefix(prefix, sig[exprStart]!.index, 'keel_emulator.cut_bytes((');
      replace.set(sig[type.start - 1]!.index, { end: sig[type.end - 1]!.index, text: `)::text, ${type.bytes})::${domain}` });
    } else if (castOpen !== undefined) {
      addPrefix(prefix, sig[castOpen + 1]!.index, 'keel_emulator.cut_bytes((');
      replace.set(sig[type.start - 1]!.index, { end: sig[type.end - 1]!.index, text: `)::text, ${type.bytes}) as ${domain}` });
    } else {
      replace.set(sig[type.start]!.index, { end: sig[type.end - 1]!.index, text: domain });
    }
    i = type.end - 1;
  }
  if (!replace.size) return { tokens, lengths };
  let out = '';
  for (let t = 0; t < tokens.length; t++) {
    for (const p of prefix.get(t) ?? []) out += p;
    const r = replace.get(t);
    if (r) {
      out += r.text;
      t = r.end;
    } else out += tokens[t]!.text;
  }
  // tokens again, for the passes after this one
  return { tokens: tokenize(out), lengths };
}

/** An outer cast's prefix goes before an inner one's at the same place: edits arrive inner first. */
function addPrefix(prefix: Map<number, string[]>, at: number, text: string): void {
  prefix.set(at, [text, ...(prefix.get(at) ?? [])]);
}

function typeAt(sig: Sig, i: number): TypeAt | undefined {
  const t = sig[i]!.token;
  let nameEnd: number;
  if (isWord(t, 'varchar', 'nvarchar')) nameEnd = i + 1;
  else if (isWord(t, 'character') && isWord(sig[i + 1]?.token, 'varying')) nameEnd = i + 2;
  else if (isWord(t, 'text') && isTextType(sig, i)) return { start: i, end: i + 1, bytes: DEFAULT_VARCHAR_BYTES };
  else return undefined;
  if (isPunct(sig[i - 1]?.token, '.')) return undefined;
  if (!isPunct(sig[nameEnd]?.token, '(')) return { start: i, end: nameEnd, bytes: DEFAULT_VARCHAR_BYTES };
  const n = sig[nameEnd + 1]?.token;
  if ((n?.kind !== 'number' && !isWord(n, 'max')) || !isPunct(sig[nameEnd + 2]?.token, ')')) return undefined;
  const bytes = isWord(n, 'max') ? MAX_VARCHAR_BYTES : Number(n!.text);
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > MAX_VARCHAR_BYTES)
    throw new EmulatorSqlError(`length for type varchar cannot exceed ${MAX_VARCHAR_BYTES}`);
  return { start: i, end: nameEnd + 3, bytes };
}

/** TEXT is a type after `::`, as a cast's target, and as a column's type in CREATE TABLE; elsewhere it may be a name. */
function isTextType(sig: Sig, i: number): boolean {
  const before = sig[i - 1]?.token;
  const after = sig[i + 1]?.token;
  if (isPunct(before, '::')) return true;
  if (isWord(before, 'as') && isPunct(after, ')')) return enclosingCast(sig, i - 1) !== undefined;
  const afterIsEnd = isPunct(after, ',') || isPunct(after, ')') || isWord(after, ...COLUMN_FOLLOWERS);
  return afterIsEnd && (before?.kind === 'word' || before?.kind === 'qident') && !isWord(before, 'as', 'select', 'by', 'and', 'or', 'then', 'else', 'when');
}

/** The sig index of the `(` of the CAST whose `AS` is at `asAt`, if that AS is a cast's. */
function enclosingCast(sig: Sig, asAt: number): number | undefined {
  let depth = 0;
  for (let j = asAt - 1; j >= 0; j--) {
    const t = sig[j]!.token;
    if (isPunct(t, ')')) depth++;
    else if (isPunct(t, '(')) {
      if (depth === 0) return isWord(sig[j - 1]?.token, 'cast') ? j : undefined;
      depth--;
    }
  }
  return undefined;
}

/** Where the operand of a `::` ending at sig[end] starts: a literal, a (dotted) name, a call, a parenthesis, or another cast. */
function expressionStart(sig: Sig, end: number): number {
  let j = end;
  const t = sig[j]?.token;
  if (!t) throw new EmulatorSqlError('syntax error at or near "::"');
  if (isPunct(t, ')')) {
    j = openingParen(sig, j);
    if (
      sig[j - 1]?.token.kind === 'word' &&
      !isWord(sig[j - 1]?.token, 'select', 'and', 'or', 'not', 'in', 'then', 'else', 'when', 'from', 'where', 'on', 'as', 'by', 'case')
    )
      j--;
  }
  while (isPunct(sig[j - 1]?.token, '.') && sig[j - 2] && (sig[j - 2]!.token.kind === 'word' || sig[j - 2]!.token.kind === 'qident')) j -= 2;
  if (isPunct(sig[j - 1]?.token, '::')) return expressionStart(sig, j - 2);
  return j;
}

function openingParen(sig: Sig, close: number): number {
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    if (isPunct(sig[j]!.token, ')')) depth++;
    else if (isPunct(sig[j]!.token, '(') && --depth === 0) return j;
  }
  throw new EmulatorSqlError('unbalanced parentheses');
}
