import { KeelError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import { currentCapture, lineOf, refToken, sourceToken, THIS_TOKEN, withNamesForTokens, type RenderCapture } from './capture.js';
import { RelationToken } from './relation-token.js';
import { VOLATILE_VAR } from './cache/render-cache.js';

export interface HelperContext {
  /** writes a string as a SQL literal on the target */
  stringLiteral: (value: string) => string;
  vars: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  target: Record<string, unknown>;
  runStartedAt: string;
  log: (message: string) => void;
  /** told when a template reads run_started_at: its output differs on every run */
  onVolatileRead?: () => void;
}

function capture(helper: string): RenderCapture {
  const c = currentCapture();
  if (!c) throw new KeelError(`${helper}() can only be called while rendering a model, test or macro`);
  return c;
}

/** Nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && last.__keywords) {
    const { __keywords, ...keywords } = last;
    void __keywords;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

function fail(c: RenderCapture, message: string, line?: number, hint?: string): never {
  c.error = new KeelError(message, { location: { file: c.file, line }, hint });
  throw c.error;
}

/** The dbt-style functions and values every template sees. */
export function createHelpers(ctx: HelperContext): Record<string, unknown> {
  function ref(...args: unknown[]): RelationToken {
    const c = capture('ref');
    const { positional, keywords } = splitKeywords(args);
    const strs = positional.filter((a) => a !== undefined).map(String);
    if (strs.length < 1 || strs.length > 2) fail(c, `ref() takes a model name, or a package and a model name`);
    const name = strs[strs.length - 1]!;
    const pkg = strs.length === 2 ? strs[0] : undefined;
    void keywords;
    let i = c.refs.findIndex((r) => r.name === name && r.package === pkg);
    if (i < 0) {
      i = c.refs.push({ name, package: pkg, line: lineOf(c.raw, 'ref(', name) }) - 1;
    }
    return new RelationToken(refToken(i), name);
  }

  function source(sourceName: unknown, tableName: unknown): RelationToken {
    const c = capture('source');
    if (typeof sourceName !== 'string' || typeof tableName !== 'string') {
      fail(c, `source() takes a source name and a table name, e.g. source('web_app', 'tracks')`);
    }
    let i = c.sources.findIndex((s) => s.source === sourceName && s.table === tableName);
    if (i < 0) i = c.sources.push({ source: sourceName, table: tableName, line: lineOf(c.raw, 'source(', tableName) }) - 1;
    return new RelationToken(sourceToken(i), tableName);
  }

  const config = Object.assign(
    (...args: unknown[]) => {
      const c = capture('config');
      const { positional, keywords } = splitKeywords(args);
      const dict = positional[0] && typeof positional[0] === 'object' ? (positional[0] as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries({ ...dict, ...keywords })) {
        // tags add up across folder, YAML and model, as in dbt
        if (k === 'tags') c.config.tags = [...asArray(c.config.tags), ...asArray(v)];
        else c.config[k] = v;
      }
      return '';
    },
    {
      get: (key: string, fallback?: unknown) => capture('config').config[key] ?? fallback ?? null,
      require: (key: string) => {
        const c = capture('config');
        if (c.config[key] === undefined) fail(c, `config '${key}' is required here`);
        return c.config[key];
      },
    },
  );

  function varFn(name: unknown, fallback?: unknown): unknown {
    const c = capture('var');
    const key = String(name);
    c.varsRead.add(key);
    if (Object.hasOwn(ctx.vars, key)) return ctx.vars[key];
    if (fallback !== undefined) return fallback;
    const near = closestName(key, Object.keys(ctx.vars));
    fail(
      c,
      `Required var '${key}' is not set`,
      lineOf(c.raw, 'var(', key),
      near ? `Did you mean '${near}'?` : `Set it under vars: in project.yml or pass --vars '{${key}: ...}'`,
    );
  }

  function envVar(name: unknown, fallback?: unknown): unknown {
    const c = capture('env_var');
    const key = String(name);
    c.envVarsRead.add(key);
    const value = ctx.env[key];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    fail(c, `Environment variable '${key}' is not set and has no default`, lineOf(c.raw, 'env_var(', key));
  }

  return {
    ref,
    source,
    config,
    var: varFn,
    env_var: envVar,
    is_incremental: () => capture('is_incremental').isIncremental,
    target: ctx.target,
    log: (message: unknown, info?: boolean) => {
      if (info) ctx.log(withNamesForTokens(String(message), currentCapture()));
      return '';
    },
    exceptions: {
      raise_compiler_error: (message: unknown) => {
        const c = capture('raise_compiler_error');
        fail(c, withNamesForTokens(String(message), c));
      },
      warn: (message: unknown) => {
        ctx.log(withNamesForTokens(String(message), currentCapture()));
        return '';
      },
    },
    /** a value as a SQL literal on the target: strings quoted and escaped its way, numbers and booleans as they are */
    literal: (value: unknown) => {
      if (value === null || value === undefined) return 'null';
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return ctx.stringLiteral(String(value));
    },
    /** used by generic tests' `where` config: the tested relation filtered */
    keel_where: (relation: unknown, condition: unknown) =>
      condition ? `(select * from ${String(relation)} where ${String(condition)}) keel_where_subquery` : String(relation),
  };
}

/**
 * `this` depends on the template being rendered, so it is a getter on the globals rather than a
 * value; `run_started_at` is one too, so a render that reads it is known never to be reusable.
 */
export function defineThis(globals: Record<string, unknown>, ctx: Pick<HelperContext, 'runStartedAt' | 'onVolatileRead'>): void {
  Object.defineProperty(globals, 'run_started_at', {
    configurable: true,
    enumerable: true,
    get: () => {
      currentCapture()?.varsRead.add(VOLATILE_VAR);
      ctx.onVolatileRead?.();
      return ctx.runStartedAt;
    },
  });
  Object.defineProperty(globals, 'this', {
    configurable: true,
    enumerable: true,
    get: () => {
      const c = currentCapture();
      return c ? new RelationToken(THIS_TOKEN, c.nodeName) : undefined;
    },
  });
}

export function asArray(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}
