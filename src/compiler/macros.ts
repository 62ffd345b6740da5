import nunjucks from 'nunjucks';
import { KeelError } from '../core/errors.js';
import { currentCapture } from './capture.js';
import { toTemplateError } from './template-error.js';
import { isUndefinedOutput, undefinedOutputError } from './strict-undefined.js';

export interface MacroSource {
  /** file relative to the project root (or `<keel>/...` for built-ins) */
  file: string;
  text: string;
  /** the macros it defines, when known without parsing it (keel's built-ins): then it is parsed on the first call of one */
  macros?: readonly string[];
}

/** dbt's `{% test name(...) %}` blocks are macros named `test_<name>`. */
export function testBlocksToMacros(text: string): string {
  return text.replace(/\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g, '{%$1 macro test_$2(').replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}');
}

/**
 * Loads every macro file once and makes its macros callable from every template as globals.
 * Calls are recorded in the current render's capture (state:modified needs to know them).
 */
export function registerMacros(env: nunjucks.Environment, sources: MacroSource[]): Map<string, string> {
  const definedIn = new Map<string, string>();
  for (const src of sources) {
    let exported = src.macros ? undefined : exportsOf(env, src);
    const names = src.macros ?? Object.keys(exported!).filter((name) => typeof exported![name] === 'function');
    for (const name of names) {
      const previous = definedIn.get(name);
      // the project's macros override keel's built-ins; two project macros may not collide
      if (previous && !previous.startsWith('<keel>')) {
        throw new KeelError(`Macro '${name}' is defined twice: in ${previous} and in ${src.file}`, { location: { file: src.file } });
      }
      definedIn.set(name, src.file);
      env.addGlobal(name, (...args: unknown[]) => {
        currentCapture()?.macrosCalled.add(name);
        exported ??= exportsOf(env, src);
        try {
          return (exported[name] as (...a: unknown[]) => unknown)(...args);
        } catch (err) {
          // the line Nunjucks gives is the macro file's: said here, where the file is known
          const capture = currentCapture();
          if (capture && !capture.error && isUndefinedOutput(err)) capture.error = undefinedOutputError(err as Error, src.file, testBlocksToMacros(src.text));
          throw err;
        }
      });
    }
  }
  return definedIn;
}

/** Parses a macro file and returns what it exports (its macros, and any top-level `set`). */
function exportsOf(env: nunjucks.Environment, src: MacroSource): Record<string, unknown> {
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
    throw toTemplateError(err, src.file, 'parse', undefined, src.text);
  }
  return exported;
}
