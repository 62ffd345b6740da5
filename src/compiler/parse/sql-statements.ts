/**
 * Finds where SQL text holds more than one statement, minding what a `;` inside does not end:
 * '...' strings (with '' escapes), "..." and `...` quoted identifiers, -- and /* *\/ comments and
 * $tag$ ... $tag$ dollar-quoted bodies. Template tags ({{ }}, {% %}, {# #}) are skipped whole, so
 * the same scan works on a model's raw text. A trailing `;` (with only comments after) is one statement.
 */

export interface SqlShape {
  /** the text has SQL beyond whitespace, comments and template tags */
  hasCode: boolean;
  /** offset where a second statement starts, if there is one */
  secondStatement?: number;
}

export function sqlShape(text: string, templates = false): SqlShape {
  let hasCode = false;
  let afterSemicolon = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (templates && c === '{' && (next === '{' || next === '%' || next === '#')) {
      const close = next === '{' ? '}}' : `${next}}`;
      const end = text.indexOf(close, i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === ';') {
      if (hasCode) afterSemicolon = true;
      i++;
      continue;
    }
    // code starts here
    if (afterSemicolon) return { hasCode: true, secondStatement: i };
    hasCode = true;
    i = skipToken(text, i);
  }
  return { hasCode };
}

/** Past one token of code: a quoted string or identifier, a dollar-quoted body, or one character. */
function skipToken(text: string, i: number): number {
  const c = text[i]!;
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    for (;;) {
      const end = text.indexOf(c, j);
      if (end < 0) return text.length;
      // a doubled quote is an escaped one
      if (text[end + 1] === c) j = end + 2;
      else return end + 1;
    }
  }
  if (c === '$') {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 66));
    // $1 (a parameter) and identifiers with $ inside are not quotes
    if (m && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
      const end = text.indexOf(m[0], i + m[0].length);
      return end < 0 ? text.length : end + m[0].length;
    }
  }
  return i + 1;
}

/** 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
