import { tokenizeCode } from './code-tokens.js';
import { parseExpression, type Evaluate } from './expression.js';

/** A template compiled without Nunjucks: text and `{{ expression }}` outputs, in order. */
export type FastTemplate = (globals: Record<string, unknown>) => string;

const LEADING_SPACE = /^\s*/;
const TRAILING_SPACE = /\s*$/;

/**
 * Compiles templates made only of text, comments and `{{ }}` outputs of simple expressions (most
 * models: config, ref, source, var, macro calls). Statements (`{% %}`) and anything else give
 * undefined, and the caller uses Nunjucks. Whitespace control (`{{-`, `-}}`, `{#-`, `-#}`)
 * trims as Nunjucks' parser does.
 */
export function compileFast(text: string): FastTemplate | undefined {
  const parts: Array<string | Evaluate> = [];
  let i = 0;
  let trimLeading = false;
  for (;;) {
    const tag = nextTag(text, i);
    let data = text.slice(i, tag < 0 ? text.length : tag);
    // Nunjucks refuses a comment end outside a comment: let it say so
    if (data.includes('#}')) return undefined;
    if (trimLeading) data = data.replace(LEADING_SPACE, '');
    if (tag >= 0 && text[tag + 2] === '-') data = data.replace(TRAILING_SPACE, '');
    if (data) parts.push(data);
    if (tag < 0) break;
    const kind = text[tag + 1];
    if (kind === '%') return undefined;
    if (kind === '#') {
      const end = text.indexOf('#}', tag + 2);
      if (end < 0) return undefined;
      trimLeading = text[end - 1] === '-';
      i = end + 2;
      continue;
    }
    const code = tokenizeCode(text, text[tag + 2] === '-' ? tag + 3 : tag + 2);
    if (!code) return undefined;
    const evaluate = parseExpression(code.tokens);
    if (!evaluate) return undefined;
    parts.push(evaluate);
    const end = code.tokens[code.tokens.length - 1]!;
    trimLeading = end.t === 'end' && end.trim;
    i = code.next;
  }
  return (globals) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else {
        const v = p(globals);
        // undefined is an error (strict-undefined.ts): thrown here, Nunjucks renders again and says where
        if (v === undefined) throw new Error('undefined output');
        // Nunjucks prints nothing for null, and anything else through string concatenation
        if (v !== null) out += v;
      }
    }
    return out;
  };
}

/** Index of the next `{{`, `{%` or `{#` at or after `from`, or -1. */
function nextTag(text: string, from: number): number {
  let i = text.indexOf('{', from);
  while (i >= 0) {
    const c = text[i + 1];
    if (c === '{' || c === '%' || c === '#') return i;
    i = text.indexOf('{', i + 1);
  }
  return -1;
}
