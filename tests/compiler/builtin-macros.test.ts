import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../src/compiler/environment.js';
import { registerMacros } from '../../src/compiler/macros.js';
import { BUILTIN_TESTS } from '../../src/testing/builtin-tests.js';

const context = {
  stringLiteral: (s: string) => `'${s.replace(/'/g, "''")}'`,
  vars: {},
  env: {},
  target: { name: 't', type: 'duckdb', schema: 'main', threads: 1 },
  runStartedAt: '2025-01-01 00:00:00',
  log: () => {},
};

describe('built-in test macros', () => {
  it('lists the macros its text defines, so registering them needs no parse', () => {
    const { macros, ...unlisted } = BUILTIN_TESTS;
    const parsed = registerMacros(createEnvironment(context), [unlisted]);
    expect([...parsed.keys()].sort()).toEqual([...macros!].sort());
  });

  it('render as when parsed up front, and a project macro still overrides one', () => {
    const { macros: _, ...unlisted } = BUILTIN_TESTS;
    const render = (sources: Parameters<typeof registerMacros>[1]) => {
      const env = createEnvironment(context);
      registerMacros(env, sources);
      return env.renderString("{{ test_accepted_values('m', 'c', values=['a', 'b']) }}|{{ test_not_null('m', 'c') }}", {});
    };
    expect(render([BUILTIN_TESTS])).toBe(render([unlisted]));
    expect(render([BUILTIN_TESTS])).toContain("not in ('a', 'b')");
    const own = { file: 'macros/t.sql', text: '{% test not_null(model, column_name) %}mine{% endtest %}' };
    expect(render([BUILTIN_TESTS, own])).toMatch(/\|mine$/);
  });
});
