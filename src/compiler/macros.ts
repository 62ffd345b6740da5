import nunjucks from 'nunjucks';
import { KeelError } from '../core/errors.js';
import { currentCapture } from './capture.js';
import { toTemplateError } from './template-error.js';

export interface MacroSource {
  /** file relative to the project root (or `<keel>/...` for built-ins) */
  file: string;
  text: string;
}

/** dbt's `{% test name(...) %}` blocks are macros named `test_<name>`. */
export function testBlocksToMacros(text: string): string {
  return text
    .replace(/\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g, '{%$1 macro test_$2(')
    .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}');
}

/**
 * Loads every macro file once and makes its macros callable from every template as globals.
 * Calls are recorded in the current render's capture (state:modified needs to know them).
 */
export function registerMacros(env: nunjucks.Environment, sources: MacroSource[]): Map<string, string> {
  const definedIn = new Map<string, string>();
  for (const src of sources) {
    let exported: Record<string, unknown> = {};
    try {
      const tmpl = new nunjucks.Template(testBlocksToMacros(src.text), env, src.file, true) as nunjucks.Template & {
        getExported(cb: (err: Error | null, exported: Record<string, unknown>) => void): void;
      };
      tmpl.getExported((err: Error | null, exp: Record<string, unknown>) => {
        if (err) throw err;
        exported = exp;
      });
    } catch (err) {
      throw toTemplateError(err, src.file, 'parse');
    }
    for (const [name, fn] of Object.entries(exported)) {
      if (typeof fn !== 'function') continue;
      const previous = definedIn.get(name);
      // the project's macros override keel's built-ins; two project macros may not collide
      if (previous && !previous.startsWith('<keel>')) {
        throw new KeelError(`Macro '${name}' is defined twice: in ${previous} and in ${src.file}`, { location: { file: src.file } });
      }
      definedIn.set(name, src.file);
      env.addGlobal(name, (...args: unknown[]) => {
        currentCapture()?.macrosCalled.add(name);
        return (fn as (...a: unknown[]) => unknown)(...args);
      });
    }
  }
  return definedIn;
}
