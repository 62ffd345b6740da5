import nunjucks from 'nunjucks';
import { DoExtension } from './do-extension.js';
import { installJinjaCompat } from './jinja-compat.js';
import { installStrictUndefined } from './strict-undefined.js';
import { createHelpers, defineThis, type HelperContext } from './helpers.js';

/** Filters dbt projects use that nunjucks lacks under the Jinja name. */
function addJinjaFilters(env: nunjucks.Environment): void {
  env.addFilter('tojson', (v: unknown) => JSON.stringify(v));
  env.addFilter('as_text', (v: unknown) => String(v ?? ''));
  env.addFilter('as_bool', (v: unknown) => v === true || String(v).toLowerCase() === 'true');
  env.addFilter('as_number', (v: unknown) => Number(v));
  env.addFilter('unique', (v: unknown[]) => [...new Set(v ?? [])]);
  // Jinja's replace replaces every occurrence; nunjucks' does too for strings, kept explicit
  env.addFilter('replace', (s: unknown, from: string, to: string) =>
    String(s ?? '')
      .split(String(from))
      .join(String(to)),
  );
}

export function createEnvironment(ctx: HelperContext): nunjucks.Environment {
  installJinjaCompat();
  installStrictUndefined();
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  env.addExtension('do', new DoExtension());
  addJinjaFilters(env);
  for (const [name, value] of Object.entries(createHelpers(ctx))) env.addGlobal(name, value);
  defineThis((env as unknown as { globals: Record<string, unknown> }).globals, ctx);
  return env;
}
