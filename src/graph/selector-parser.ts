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

/** Parses one or more --select/--exclude arguments; whitespace separates a union, commas an intersection. */
export function parseSelectors(args: readonly string[]): SelectorExpression {
  return args.flatMap((arg) => arg.split(/\s+/).filter((part) => part !== '')).map(parseIntersection);
}

function parseIntersection(term: string): SelectorAtom[] {
  const parts = term.split(',');
  if (parts.some((p) => p === '')) throw invalid(term, 'empty term around a comma');
  return parts.map(parseAtom);
}

export function parseAtom(raw: string): SelectorAtom {
  const match = ATOM.exec(raw);
  if (!match) throw invalid(raw, 'unrecognised syntax');
  const [, at, parentsDepth, methodWithArgs, value, childrenDepth] = match;
  if (value === '') throw invalid(raw, 'missing a value');
  if (at && parentsDepth !== undefined) throw invalid(raw, "'@' and a leading '+' cannot be combined");
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

function invalid(selector: string, reason: string): KeelError {
  return new KeelError(`Invalid selector '${selector}': ${reason}`, {
    hint: 'Selector syntax: [@][N+][method:]value[+N], e.g. +stg_orders, tag:nightly+, config.materialized:table; commas intersect, spaces unite.',
  });
}
