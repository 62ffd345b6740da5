import nunjucks from 'nunjucks';
import type { CodeToken } from './code-tokens.js';

// nunjucks' runtime is not in its public typings; jinja-compat.ts patches memberLookup on it
const runtime = (nunjucks as unknown as { runtime: NunjucksRuntime }).runtime;
interface NunjucksRuntime {
  memberLookup(obj: unknown, key: string): unknown;
  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  makeKeywordArgs(obj: Record<string, unknown>): Record<string, unknown>;
}

/** Evaluates against the environment's globals, as a template's top level sees them. */
export type Evaluate = (globals: Record<string, unknown>) => unknown;

// Nunjucks looks names up in the render context ({} for keel) before the globals
const CONTEXT: Record<string, unknown> = {};

/**
 * Parses primary expressions with member access and calls (`ref('x')`, `config(tags=['a'])`,
 * `target.schema`, `this`), compiled to closures with Nunjucks' own runtime semantics.
 */
export function parseExpression(tokens: CodeToken[]): Evaluate | undefined {
  const p = new Parser(tokens);
  const e = p.expression();
  return e && p.at()?.t === 'end' ? e : undefined;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: CodeToken[]) {}

  at(): CodeToken | undefined {
    return this.tokens[this.i];
  }

  private punct(v: string): boolean {
    const t = this.tokens[this.i];
    if (t?.t === 'punct' && t.v === v) {
      this.i++;
      return true;
    }
    return false;
  }

  expression(): Evaluate | undefined {
    let e = this.primary();
    let name = this.lastName;
    while (e) {
      if (this.punct('.')) {
        const t = this.at();
        if (t?.t !== 'sym') return undefined;
        this.i++;
        const obj: Evaluate = e;
        const key = t.v;
        e = (g) => runtime.memberLookup(obj(g), key);
        name = `${name}["${key}"]`;
      } else if (this.punct('(')) {
        const args = this.args();
        if (!args) return undefined;
        const fn: Evaluate = e;
        const label = name;
        e = (g) => runtime.callWrap(fn(g), label, undefined, args(g));
        name = `the return value of (${name})`;
      } else {
        break;
      }
    }
    return e;
  }

  private lastName = '';

  private primary(): Evaluate | undefined {
    const t = this.at();
    if (!t) return undefined;
    this.i++;
    this.lastName = 'a literal';
    switch (t.t) {
      case 'str':
      case 'num':
      case 'lit': {
        const v = t.v;
        return () => v;
      }
      case 'sym': {
        const key = t.v;
        this.lastName = key;
        return (g) => (key in g && !(key in CONTEXT) ? g[key] : CONTEXT[key]);
      }
      case 'punct':
        return t.v === '[' ? this.list() : undefined;
      default:
        return undefined;
    }
  }

  private list(): Evaluate | undefined {
    const items: Evaluate[] = [];
    if (!this.punct(']')) {
      do {
        const e = this.expression();
        if (!e) return undefined;
        items.push(e);
      } while (this.punct(','));
      if (!this.punct(']')) return undefined;
    }
    // a fresh array per render, as Nunjucks' compiled array literal gives
    return (g) => items.map((e) => e(g));
  }

  /** `(a, b, k=v)` after the opening parenthesis: positional arguments, then one keyword-arguments object. */
  private args(): ((g: Record<string, unknown>) => unknown[]) | undefined {
    const positional: Evaluate[] = [];
    const keywords: Array<[string, Evaluate]> = [];
    if (!this.punct(')')) {
      do {
        const t = this.at();
        const next = this.tokens[this.i + 1];
        if (t?.t === 'sym' && next?.t === 'punct' && next.v === '=') {
          this.i += 2;
          const v = this.expression();
          if (!v) return undefined;
          keywords.push([t.v, v]);
        } else {
          if (keywords.length) return undefined;
          const e = this.expression();
          if (!e) return undefined;
          positional.push(e);
        }
      } while (this.punct(','));
      if (!this.punct(')')) return undefined;
    }
    if (!keywords.length) return (g) => positional.map((e) => e(g));
    return (g) => {
      const kw: Record<string, unknown> = {};
      for (const [k, v] of keywords) kw[k] = v(g);
      return [...positional.map((e) => e(g)), runtime.makeKeywordArgs(kw)];
    };
  }
}
