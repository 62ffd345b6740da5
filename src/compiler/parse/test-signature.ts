/**
 * The parameters of a generic test macro, read from its source (`{% test name(model, column_name,
 * values, quote=true) %}` or `{% macro test_name(...) %}`), so a test called without an argument
 * its macro needs is refused at parse time, with the YAML line, instead of rendering SQL with a
 * hole in it that the engine refuses at run time.
 */
export interface TestSignature {
  /** parameters without a default */
  required: string[];
  /** every parameter */
  all: string[];
  /** the body reads `kwargs`: it takes arguments beyond its parameters */
  takesKwargs: boolean;
}

const HEADER = /\{%-?\s*(test|macro)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*-?%\}/g;

/** Signatures of the test macros in a macro file's text, by macro name (`test_<name>`). */
export function testSignatures(text: string): Map<string, TestSignature> {
  const out = new Map<string, TestSignature>();
  for (const m of text.matchAll(HEADER)) {
    const name = m[1] === 'test' ? `test_${m[2]}` : m[2]!;
    if (!name.startsWith('test_')) continue;
    const params = splitParams(m[3]!);
    const end = text.indexOf('end', m.index + m[0].length);
    const body = text.slice(m.index + m[0].length, end < 0 ? undefined : end);
    out.set(name, {
      required: params.filter((p) => !p.hasDefault).map((p) => p.name),
      all: params.map((p) => p.name),
      takesKwargs: /\bkwargs\b/.test(body) || /\bvarargs\b/.test(body),
    });
  }
  return out;
}

function splitParams(list: string): Array<{ name: string; hasDefault: boolean }> {
  const out: Array<{ name: string; hasDefault: boolean }> = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const c of list) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      push(current);
      current = '';
      continue;
    }
    current += c;
  }
  push(current);
  return out;

  function push(p: string) {
    const t = p.trim();
    if (!t) return;
    const eq = t.indexOf('=');
    out.push({ name: (eq < 0 ? t : t.slice(0, eq)).trim(), hasDefault: eq >= 0 });
  }
}
