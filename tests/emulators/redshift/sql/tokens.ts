/**
 * A SQL tokenizer good enough to rewrite Redshift statements without touching string literals,
 * quoted names or comments. Joining every token's `text` gives back the input exactly.
 */
export type TokenKind = 'word' | 'qident' | 'string' | 'number' | 'punct' | 'space' | 'comment';

export interface Token {
  kind: TokenKind;
  text: string;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      push('space', j);
    } else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? sql.length : nl);
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      push('comment', close < 0 ? sql.length : close + 2);
    } else if (c === "'") {
      push('string', endOfQuoted(sql, i, "'", true));
    } else if (c === '"') {
      push('qident', endOfQuoted(sql, i, '"', false));
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const close = sql.indexOf(tag, i + tag.length);
      push('string', close < 0 ? sql.length : close + tag.length);
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      push('word', j);
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < sql.length && /[0-9.eE]/.test(sql[j]!)) j++;
      push('number', j);
    } else if (
      (c === ':' && next === ':') ||
      (c === '|' && next === '|') ||
      ((c === '<' || c === '>' || c === '!') && next === '=') ||
      (c === '<' && next === '>')
    ) {
      push('punct', i + 2);
    } else {
      push('punct', i + 1);
    }
  }
  return tokens;
}

/** Quoted text ends at an unpaired quote; string literals also skip backslash escapes (Redshift reads them). */
function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let j = start + 1;
  while (j < sql.length) {
    const ch = sql[j]!;
    if (backslashEscapes && ch === '\\') j += 2;
    else if (ch === quote && sql[j + 1] === quote) j += 2;
    else if (ch === quote) return j + 1;
    else j++;
  }
  return sql.length;
}

export function render(tokens: Token[]): string {
  return tokens.map((t) => t.text).join('');
}

export const isWord = (t: Token | undefined, ...words: string[]): boolean => t?.kind === 'word' && (words.length === 0 || words.includes(t.text.toLowerCase()));

export const isPunct = (t: Token | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text;

/** Tokens that carry meaning (no whitespace or comments), with their index in the full list. */
export function significant(tokens: Token[]): Array<{ token: Token; index: number }> {
  const out: Array<{ token: Token; index: number }> = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'space' && token.kind !== 'comment') out.push({ token, index });
  });
  return out;
}

/** Index (in `sig`) of the parenthesis closing the one opened at `open`. */
export function closingParen(sig: Array<{ token: Token }>, open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i++) {
    if (isPunct(sig[i]!.token, '(')) depth++;
    else if (isPunct(sig[i]!.token, ')') && --depth === 0) return i;
  }
  throw new Error('unbalanced parentheses');
}

/** A possibly qualified, possibly quoted name starting at sig[i]: its parts (unquoted, lower-cased as Redshift folds them) and where it ends. */
export function readName(sig: Array<{ token: Token }>, i: number): { parts: string[]; end: number } | null {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const t = sig[j]?.token;
    if (!t || (t.kind !== 'word' && t.kind !== 'qident')) return parts.length ? { parts, end: j } : null;
    parts.push(t.kind === 'qident' ? t.text.slice(1, -1).replaceAll('""', '"').toLowerCase() : t.text.toLowerCase());
    if (!isPunct(sig[j + 1]?.token, '.')) return { parts, end: j + 1 };
    j += 2;
  }
}
