import type { MacroSource } from '../compiler/macros.js';
import { shortHash } from './stable-json.js';

const START = /\{%-?\s*(macro|test)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;
const END = /\{%-?\s*end(?:macro|test)\s*-?%\}/g;
const CALL = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/g;

interface MacroText {
  /** digest of the macro's own definition */
  own: string;
  /** names of other macros its text calls */
  calls: string[];
}

/**
 * A digest per macro of its own definition and of every macro it calls, transitively. Calls are
 * found in the text: a call between two macros of one file resolves inside the file, so the
 * render never reports it, and a change to the callee must still mark the caller's models.
 * Hashing each definition rather than its file keeps an edit to one macro from marking the
 * callers of its neighbours.
 */
export class MacroDigests {
  private readonly macros = new Map<string, MacroText>();
  private readonly memo = new Map<string, string>();

  /** `sources` in registration order: a later definition (the project's) overrides an earlier one (keel's). */
  constructor(sources: MacroSource[]) {
    const bodies = new Map<string, string>();
    for (const src of sources) for (const [name, body] of splitMacros(src.text)) bodies.set(name, body);
    for (const [name, body] of bodies) {
      const calls = new Set<string>();
      for (const callee of namesCalledIn(body)) if (callee !== name && bodies.has(callee)) calls.add(callee);
      this.macros.set(name, { own: shortHash(body), calls: [...calls].sort() });
    }
  }

  /** every macro's digest (own definition and everything it calls), by name */
  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of [...this.macros.keys()].sort()) out[name] = this.digest(name)!;
    return out;
  }

  /** undefined for a name that is not a macro (a helper such as ref or var) */
  digest(name: string): string | undefined {
    if (!this.macros.has(name)) return undefined;
    let d = this.memo.get(name);
    if (d === undefined) {
      const closure = new Set<string>();
      const visit = (n: string) => {
        if (closure.has(n)) return;
        closure.add(n);
        for (const c of this.macros.get(n)!.calls) visit(c);
      };
      visit(name);
      d = shortHash(
        [...closure]
          .sort()
          .map((n) => `${n}:${this.macros.get(n)!.own}`)
          .join('\n'),
      );
      this.memo.set(name, d);
    }
    return d;
  }
}

/** Every name written as a call (`name(`) in a template's text: the macros it may call, found without rendering it. */
export function namesCalledIn(text: string): string[] {
  return [...text.matchAll(CALL)].map((m) => m[1]!);
}

/**
 * A macro file's text outside its macro blocks, without comments or blank space: what else it
 * defines (a top-level set) changes this, an edited comment does not.
 */
export function outsideMacros(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(START)) {
    if (m.index < at) continue;
    out += text.slice(at, m.index);
    END.lastIndex = m.index + m[0].length;
    const end = END.exec(text);
    at = end ? end.index + end[0].length : text.length;
  }
  out += text.slice(at);
  return out
    .replace(/\{#[\s\S]*?#\}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `{% macro name(...) %} … {% endmacro %}` blocks by name; `{% test x %}` blocks are macros named test_x. */
function splitMacros(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of text.matchAll(START)) {
    END.lastIndex = m.index + m[0].length;
    const end = END.exec(text);
    const name = m[1] === 'test' ? `test_${m[2]}` : m[2]!;
    out.push([name, text.slice(m.index, end ? end.index + end[0].length : text.length)]);
  }
  return out;
}
