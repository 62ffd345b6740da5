/**
 * A model's SQL split into its leading WITH list and the SELECT after it. Redshift rejects a WITH
 * inside a common table expression, and the compiler puts ephemeral models in a leading WITH: a
 * plan that wraps the model's SQL in its own CTEs hoists that list in front of them instead.
 */
export interface LeadingWith {
  recursive: boolean;
  /** `a AS (...), b AS (...)` as written, or '' when the SQL has no leading WITH */
  ctes: string;
  /** the statement after the WITH list (all of the SQL when there is none) */
  body: string;
}

/** Skips whitespace and comments from `i`; returns the index of the next significant character. */
function skipBlank(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else {
      return i;
    }
  }
}

/** The index just past a quoted string or identifier starting at `i` (a doubled quote escapes it). */
function skipQuoted(sql: string, i: number): number {
  const quote = sql[i]!;
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] !== quote) continue;
    if (sql[j + 1] === quote) j++;
    else return j + 1;
  }
  return sql.length;
}

/** The index just past the parenthesis that closes the one at `open`; strings and comments are skipped. */
function skipParens(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; ) {
    const c = sql[i]!;
    if (c === "'" || c === '"') i = skipQuoted(sql, i);
    else if (sql.startsWith('--', i) || sql.startsWith('/*', i)) i = skipBlank(sql, i);
    else {
      if (c === '(') depth++;
      if (c === ')' && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new Error('unbalanced parentheses in the WITH clause');
}

const wordAt = (sql: string, i: number): string => /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))?.[0] ?? '';

export function splitLeadingWith(sql: string): LeadingWith {
  let i = skipBlank(sql, 0);
  if (wordAt(sql, i).toLowerCase() !== 'with') return { recursive: false, ctes: '', body: sql };
  i = skipBlank(sql, i + 4);
  const recursive = wordAt(sql, i).toLowerCase() === 'recursive';
  if (recursive) i = skipBlank(sql, i + 'recursive'.length);
  const start = i;
  for (;;) {
    // name [(columns)] AS [[NOT] MATERIALIZED] (query)
    i = sql[i] === '"' ? skipQuoted(sql, i) : i + wordAt(sql, i).length;
    i = skipBlank(sql, i);
    if (sql[i] === '(') i = skipBlank(sql, skipParens(sql, i));
    for (let word = wordAt(sql, i); /^(as|not|materialized)$/i.test(word); word = wordAt(sql, i)) i = skipBlank(sql, i + word.length);
    if (sql[i] !== '(') throw new Error(`cannot read the WITH clause at: ${sql.slice(i, i + 40)}`);
    const end = skipParens(sql, i);
    const next = skipBlank(sql, end);
    if (sql[next] !== ',') return { recursive, ctes: sql.slice(start, end), body: sql.slice(end) };
    i = skipBlank(sql, next + 1);
  }
}
