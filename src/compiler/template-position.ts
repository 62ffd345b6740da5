import { lineAt } from './parse/sql-statements.js';

/**
 * Finds a line for a template error Nunjucks reports without one: a tag left open at the end of
 * the file (`{{ oops(`, where Nunjucks' parser fails with a TypeError), a block never closed
 * (`{% if %}` without `{% endif %}`), or the first use of an unknown filter.
 */
export function placeTemplateError(message: string, raw: string): { line: number; message?: string } | undefined {
  const open = unclosedTag(raw);
  if (open) return open;
  const block = unclosedBlock(raw);
  if (block && /end of file|expected (elif|else|end)/i.test(message)) return block;
  const filter = /filter not found: ([A-Za-z_][A-Za-z0-9_]*)/.exec(message);
  if (filter) {
    const at = new RegExp(`\\|\\s*${filter[1]}\\b`).exec(raw);
    if (at) return { line: lineAt(raw, at.index) };
  }
  return undefined;
}

/** A `{{`, `{%` or `{#` with no closing `}}`, `%}` or `#}` after it. */
function unclosedTag(raw: string): { line: number; message: string } | undefined {
  let i = 0;
  for (;;) {
    const start = nextOpening(raw, i);
    if (start < 0) return undefined;
    const kind = raw[start + 1]!;
    const close = kind === '{' ? '}}' : `${kind}}`;
    const end = raw.indexOf(close, start + 2);
    if (end < 0) return { line: lineAt(raw, start), message: `'${raw.slice(start, start + 2)}' is not closed: the template ends before its '${close}'` };
    i = end + 2;
  }
}

const BLOCKS = ['if', 'for', 'macro', 'call', 'filter', 'raw', 'test', 'materialization'];

/** The innermost `{% if %}`, `{% for %}`, ... without its `{% end... %}`. */
function unclosedBlock(raw: string): { line: number; message: string } | undefined {
  const stack: Array<{ tag: string; at: number }> = [];
  for (const m of raw.matchAll(/\{%-?\s*([A-Za-z_]+)([^%]*)%\}/g)) {
    const tag = m[1]!;
    if (BLOCKS.includes(tag) || (tag === 'set' && !m[2]!.includes('='))) stack.push({ tag, at: m.index });
    else if (tag.startsWith('end') && stack.length && stack[stack.length - 1]!.tag === tag.slice(3)) stack.pop();
  }
  const open = stack[stack.length - 1];
  return open ? { line: lineAt(raw, open.at), message: `'{% ${open.tag} %}' is not closed: no '{% end${open.tag} %}' after it` } : undefined;
}

function nextOpening(raw: string, from: number): number {
  let i = raw.indexOf('{', from);
  while (i >= 0) {
    const c = raw[i + 1];
    if (c === '{' || c === '%' || c === '#') return i;
    i = raw.indexOf('{', i + 1);
  }
  return -1;
}
