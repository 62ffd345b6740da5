import { KeelError } from '../core/errors.js';

/** One selector term such as `2+tag:nightly+` or `@stg_orders`. */
export interface SelectorAtom {
  raw: string;
  /** `fqn` or `path` when the selector has no `method:` prefix */
  method: string;
  /** dotted method arguments: `config.materialized` gives ['materialized'] */
  args: string[];
  value: string;
  /** `+x`: include ancestors; depth undefined means all generations */
  parents: boolean;
  parentsDepth?: number;
  /** `x+`: include descendants */
  children: boolean;
  childrenDepth?: number;
  /** `@x`: include descendants and every ancestor of those descendants */
  childrensParents: boolean;
}

/** Union (outer array) of intersections (inner arrays) of atoms. */
export type SelectorExpression = SelectorAtom[][];

// Same shape as dbt's selector regex: [@][N+][method[.args]:]value[+N]
const ATOM = /^(@)?(?:(\d*)\+)?(?:([A-Za-z_][\w.]*):)?(.*?)(?:\+(\d*))?$/s;

/** Where the selector came from, named in the error (e.g. `--select`). */
export interface SelectorSource {
  flag?: string;
}

/** Parses one or more --select/--exclude arguments; whitespace separates a union, commas an intersection. */
export function parseSelectors(args: readonly string[], source: SelectorSource = {}): SelectorExpression {
  return args.flatMap((arg) => arg.split(/\s+/).filter((part) => part !== '')).map((term) => parseIntersection(term, source));
}

function parseIntersection(term: string, source: SelectorSource): SelectorAtom[] {
  const parts = term.split(',');
  if (parts.some((p) => p === '')) throw invalid(term, 'empty term around a comma', source);
  return parts.map((part) => parseAtom(part, source));
}

export function parseAtom(raw: string, source: SelectorSource = {}): SelectorAtom {
  const match = ATOM.exec(raw);
  if (!match) throw invalid(raw, 'unrecognised syntax', source);
  const [, at, parentsDepth, methodWithArgs, value, childrenDepth] = match;
  const problem = malformed(at, parentsDepth, methodWithArgs, value);
  if (problem) throw invalid(raw, problem, source);
  const [method, ...args] = methodWithArgs ? methodWithArgs.split('.') : [defaultMethod(value)];
  return {
    raw,
    method,
    args,
    value,
    parents: parentsDepth !== undefined,
    parentsDepth: depth(parentsDepth),
    children: childrenDepth !== undefined,
    childrenDepth: depth(childrenDepth),
    childrensParents: at !== undefined,
  };
}

/** A bare value is a path when it looks like one (dbt's rule), otherwise a name or dotted folder path. */
function defaultMethod(value: string): string {
  return /[/\\]/.test(value) || /\.(sql|csv|ya?ml|py)$/i.test(value) ? 'path' : 'fqn';
}

function depth(digits: string | undefined): number | undefined {
  return digits === undefined || digits === '' ? undefined : Number(digits);
}

/**
 * What is wrong with an atom the regex split, if anything. The value part takes any text, so
 * without these checks `++x` or `a+1x` would be looked up as a name and select nothing, silently.
 */
function malformed(at: string | undefined, parentsDepth: string | undefined, methodWithArgs: string | undefined, value: string): string | undefined {
  if (value === '') return 'missing a value';
  if (at && parentsDepth !== undefined) return "'@' and a leading '+' cannot be combined";
  // a config value may hold an '@' (config.meta.owner:a@b.com); a name or path never does
  if (methodWithArgs ? value.startsWith('@') : value.includes('@')) return "'@' can only come first, as in @name";
  if (value.includes('+')) return "'+' can only come first (ancestors, e.g. +name or 2+name) or last (descendants, e.g. name+ or name+1), once each";
  if (methodWithArgs?.split('.').some((part) => part === '')) return `empty part in the method '${methodWithArgs}' (e.g. config.materialized:table)`;
  if (!methodWithArgs && value.startsWith(':')) return "missing a method name before ':' (e.g. tag:nightly)";
  if (!methodWithArgs && value.includes(':')) return `'${value.slice(0, value.indexOf(':'))}' is not a method name (letters, digits and _, e.g. tag:nightly)`;
  return undefined;
}

function invalid(selector: string, reason: string, source: SelectorSource): KeelError {
  return new KeelError(`Invalid selector '${selector}'${source.flag ? ` in ${source.flag}` : ''}: ${reason}`, {
    hint: 'Selector syntax: [@][N+][method:]value[+N], e.g. +stg_orders, tag:nightly+, config.materialized:table; commas intersect, spaces unite.',
  });
}
