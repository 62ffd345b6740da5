/**
 * The tokens of the code inside `{{ ... }}`, split the way Nunjucks' lexer splits them, for the
 * subset the fast path understands. Anything outside it returns undefined and the template goes
 * to Nunjucks, so a template either renders exactly as Nunjucks would or is not fast-compiled.
 */
export type CodeToken =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'lit'; v: boolean | null }
  | { t: 'sym'; v: string }
  | { t: 'punct'; v: '(' | ')' | '[' | ']' | ',' | '=' | '.' }
  | { t: 'end'; trim: boolean };

const WHITESPACE = ' \n\t\r\u00a0';
// Nunjucks ends a symbol or number at any of these
const DELIMITERS = '()[]{}%*-+~/#,:|.<>=!';
// character classes by code (1 whitespace, 2 delimiter): the tokenizer runs on every model
const CLASS = new Uint8Array(256);
for (const c of WHITESPACE) CLASS[c.charCodeAt(0)] = 1;
for (const c of DELIMITERS) CLASS[c.charCodeAt(0)] = 2;
const classOf = (text: string, i: number) => {
  const code = text.charCodeAt(i);
  return code < 256 ? CLASS[code]! : 0;
};
const BACKSLASH = 92;
const PUNCT = new Set(['(', ')', '[', ']', ',', '=', '.']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// operators Nunjucks reads as words; an expression using them goes to Nunjucks
const WORD_OPERATORS = new Set(['not', 'and', 'or', 'if', 'else', 'is', 'in']);

export interface CodeTokens {
  tokens: CodeToken[];
  /** index just past the closing `}}` */
  next: number;
}

/** Tokenizes from `start` (just after `{{` or `{{-`) to the closing `}}` or `-}}`. */
export function tokenizeCode(text: string, start: number): CodeTokens | undefined {
  const tokens: CodeToken[] = [];
  let i = start;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const cls = classOf(text, i);
    if (cls === 1) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const s = readString(text, i, c);
      if (!s) return undefined;
      tokens.push({ t: 'str', v: s.value });
      i = s.next;
      continue;
    }
    if (text.startsWith('}}', i)) {
      tokens.push({ t: 'end', trim: false });
      return { tokens, next: i + 2 };
    }
    if (text.startsWith('-}}', i)) {
      tokens.push({ t: 'end', trim: true });
      return { tokens, next: i + 3 };
    }
    if (cls === 2) {
      // two-character operators (==, <=, ...) and every other delimiter are not in the subset
      if (!PUNCT.has(c) || (c === '=' && text[i + 1] === '=')) return undefined;
      tokens.push({ t: 'punct', v: c as '(' });
      i++;
      continue;
    }
    let j = i;
    while (j < n && classOf(text, j) === 0) j++;
    const word = text.slice(i, j);
    if (/^[0-9]+$/.test(word)) {
      if (text[j] === '.') {
        let k = j + 1;
        while (k < n && text[k]! >= '0' && text[k]! <= '9') k++;
        tokens.push({ t: 'num', v: parseFloat(`${word}.${text.slice(j + 1, k)}`) });
        i = k;
      } else {
        tokens.push({ t: 'num', v: parseInt(word, 10) });
        i = j;
      }
      continue;
    }
    if (word === 'true' || word === 'false') tokens.push({ t: 'lit', v: word === 'true' });
    else if (word === 'none' || word === 'null') tokens.push({ t: 'lit', v: null });
    else if (IDENTIFIER.test(word) && !WORD_OPERATORS.has(word) && !(word === 'r' && text[j] === '/')) tokens.push({ t: 'sym', v: word });
    else return undefined;
    i = j;
  }
  return undefined;
}

/** A quoted string with Nunjucks' escapes: \n, \t, \r, and a backslash before anything else keeps that character. */
function readString(text: string, start: number, quote: string): { value: string; next: number } | undefined {
  // most strings have no escape: one slice instead of a string grown a character at a time
  const end = text.indexOf(quote, start + 1);
  if (end < 0) return undefined;
  let plain = true;
  for (let i = start + 1; i < end && plain; i++) plain = text.charCodeAt(i) !== BACKSLASH;
  if (plain) return { value: text.slice(start + 1, end), next: end + 1 };
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\') {
      i++;
      const e = text[i];
      if (e === undefined) return undefined;
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
    } else {
      value += text[i];
    }
    i++;
  }
  return i < text.length ? { value, next: i + 1 } : undefined;
}
