import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../src/compiler/environment.js';
import { registerMacros } from '../../src/compiler/macros.js';
import { helperContext } from '../../src/compiler/parse/parse-project.js';
import { Renderer } from '../../src/compiler/render.js';
import { KeelError } from '../../src/core/errors.js';
import { loadProject } from '../../src/project/load.js';
import { MINIMAL_PROJECT_YML, tempProject } from '../helpers/temp-project.js';

function renderers() {
  const p = tempProject({ 'project.yml': MINIMAL_PROJECT_YML, 'models/.keep': '' });
  const env = createEnvironment(helperContext(loadProject(p.dir), { env: {} }, []));
  registerMacros(env, [{ file: 'macros/m.sql', text: '{% macro m(a) %}\nselect\n  {{ a }}\n{% endmacro %}' }]);
  return { fast: new Renderer(env), nunjucks: new Renderer(env, false) };
}

function outcome(r: Renderer, raw: string): string {
  try {
    return `ok: ${r.render({ file: 'models/x.sql', name: 'x', raw, baseConfig: {} }).sql}`;
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    const k = e as KeelError;
    return `${k.location?.file}:${k.location?.line}: ${k.message}`;
  }
}

describe('undefined template values', () => {
  const r = renderers();
  const cases: Array<[string, string]> = [
    ['select 1,\n  {{ some_typo }} as a', "models/x.sql:2: 'some_typo' is undefined"],
    ["select '{{ target.database }}'", "models/x.sql:1: 'target.database' is undefined"],
    ['select {{ ok }}\n{% if 1 %}\n{{ missing.deep }}{% endif %}', "models/x.sql:1: 'ok' is undefined"],
    ['{{ m() }}', "macros/m.sql:3: 'a' is undefined"],
    ['{% if x is defined %}{{ x }}{% endif %}{{ y | default(2) }}{% if z %}{{ z }}{% endif %}', 'ok: 2'],
    ["select {{ var('v', none) }} 1", 'ok: select  1'],
  ];
  for (const [raw, expected] of cases) {
    it(`${JSON.stringify(raw)} → ${expected}`, () => {
      expect(outcome(r.nunjucks, raw)).toBe(expected);
      // the fast path and Nunjucks agree
      expect(outcome(r.fast, raw)).toBe(expected);
    });
  }
});
