/**
 * Just enough lexing of SQL text to rewrite it safely: string literals, quoted identifiers and
 * comments are left alone, rewrites apply to the code between them.
 */
export type SegmentKind = 'code' | 'string' | 'dquote' | 'bquote' | 'comment';

export interface Segment {
  kind: SegmentKind;
  text: string;
}

export function segments(sql: string): Segment[] {
  const out: Segment[] = [];
  let code = '';
  const flush = () => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    const quote = ch === "'" ? 'string' : ch === '"' ? 'dquote' : ch === '`' ? 'bquote' : null;
    if (quote) {
      flush();
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out.push({ kind: quote, text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (ch === '-' && next === '-') {
      flush();
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? sql.length : end;
      out.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else if (ch === '/' && next === '*') {
      flush();
      const end = sql.indexOf('*/', i + 2);
      const j = end < 0 ? sql.length : end + 2;
      out.push({ kind: 'comment', text: sql.slice(i, j) });
      i = j;
    } else {
      code += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Applies `fn` to the code between literals, identifiers and comments. */
export function mapCode(sql: string, fn: (code: string) => string): string {
  return segments(sql)
    .map((s) => (s.kind === 'code' ? fn(s.text) : s.text))
    .join('');
}

/** The statement without leading comments and whitespace, and without a trailing semicolon. */
export function statementBody(sql: string): string {
  const kept = segments(sql);
  while (kept.length && (kept[0]!.kind === 'comment' || (kept[0]!.kind === 'code' && !kept[0]!.text.trim()))) kept.shift();
  if (kept[0]?.kind === 'code') kept[0] = { kind: 'code', text: kept[0].text.trimStart() };
  return kept
    .map((s) => s.text)
    .join('')
    .replace(/[;\s]+$/, '');
}

export function unquoteIdentifier(token: string): string {
  if (token.startsWith('"')) return token.slice(1, -1).replaceAll('""', '"');
  if (token.startsWith('`')) return token.slice(1, -1).replaceAll('``', '`');
  return token;
}

export interface QualifiedName {
  parts: string[];
  /** how each part was quoted: '"', '`' or '' */
  quotes: string[];
  start: number;
  end: number;
}

const PART = /\s*("(?:[^"]|"")*"|`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_$]*)/y;

/** Reads `a.b.c` (each part bare, "quoted" or `quoted`) at `pos`, skipping leading whitespace. */
export function readQualifiedName(sql: string, pos: number): QualifiedName | null {
  const parts: string[] = [];
  const quotes: string[] = [];
  let at = pos;
  let start = -1;
  for (;;) {
    PART.lastIndex = at;
    const m = PART.exec(sql);
    if (!m) return null;
    if (start < 0) start = m.index + m[0].length - m[1]!.length;
    parts.push(unquoteIdentifier(m[1]!));
    quotes.push(m[1]!.startsWith('"') ? '"' : m[1]!.startsWith('`') ? '`' : '');
    at = m.index + m[0].length;
    const dot = /\s*\.\s*/y;
    dot.lastIndex = at;
    if (!dot.exec(sql)) break;
    at = dot.lastIndex;
  }
  return { parts, quotes, start, end: at };
}

/** Index of the parenthesis that closes the one at `open`, skipping literals. */
export function closingParen(sql: string, open: number): number {
  let depth = 0;
  let offset = 0;
  for (const s of segments(sql)) {
    if (s.kind === 'code') {
      for (let k = 0; k < s.text.length; k++) {
        const at = offset + k;
        if (at < open) continue;
        if (s.text[k] === '(') depth++;
        else if (s.text[k] === ')' && --depth === 0) return at;
      }
    }
    offset += s.text.length;
  }
  return -1;
}

/** Whether the code (outside literals and identifiers) contains a match. */
export function codeMatches(sql: string, re: RegExp): boolean {
  return segments(sql).some((s) => s.kind === 'code' && re.test(s.text));
}
