import { closingParen, isPunct, isWord, type significant, type Token } from './tokens.js';

export interface Call {
  name: string;
  /** index in `sig` of the name, of "(" and of ")" */
  nameAt: number;
  openAt: number;
  closeAt: number;
}

type Sig = ReturnType<typeof significant>;

/** Calls of the named functions (not `x.name(`), innermost last so rewrites can go from the end. */
export function findCalls(sig: Sig, names: string[]): Call[] {
  const calls: Call[] = [];
  sig.forEach(({ token }, i) => {
    if (isWord(token, ...names) && isPunct(sig[i + 1]?.token, '(') && !isPunct(sig[i - 1]?.token, '.')) {
      calls.push({ name: token.text.toLowerCase(), nameAt: i, openAt: i + 1, closeAt: closingParen(sig, i + 1) });
    }
  });
  return calls;
}

/** Splits sig[from, to) at commas outside parentheses. */
export function splitTopLevel(sig: Sig, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = sig[i]!.token;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && isPunct(t, ',')) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  if (start < to) parts.push([start, to]);
  return parts;
}

/** The original text (comments and spacing kept) from sig[from] to sig[to - 1]. */
export function textOf(tokens: Token[], sig: Sig, from: number, to: number): string {
  if (from >= to) return '';
  return tokens
    .slice(sig[from]!.index, sig[to - 1]!.index + 1)
    .map((t) => t.text)
    .join('');
}

/** Replaces the tokens from sig[from] to sig[to - 1] (inclusive) with one token of `text`. */
export function replaceRange(tokens: Token[], sig: Sig, from: number, to: number, text: string): Token[] {
  const start = sig[from]!.index;
  const end = sig[to - 1]!.index;
  return [...tokens.slice(0, start), { kind: 'word', text }, ...tokens.slice(end + 1)];
}
