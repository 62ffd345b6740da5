import { describe, expect, it } from 'vitest';
import { checkOneStatement } from '../../src/compiler/parse/one-statement.js';
import { sqlShape } from '../../src/compiler/parse/sql-statements.js';
import { KeelError } from '../../src/core/errors.js';

function refusal(raw: string, rendered = raw): string | undefined {
  try {
    checkOneStatement('models/m.sql', raw, rendered, 'model');
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    const k = e as KeelError;
    return `${k.location?.line ?? '-'}: ${k.message}`;
  }
}

describe('a model is one statement', () => {
  it('refuses a second statement with its line', () => {
    expect(refusal('select 1 as a;\ncreate table x as select 1')).toBe('2: model has more than one SQL statement: a model is one query');
    expect(refusal('select 1;select 2')).toMatch(/^1: model has more than one/);
  });

  it('accepts semicolons in strings, quoted names, comments and dollar quotes, and a trailing one', () => {
    for (const sql of [
      "select 'a;b' as x",
      "select 'it''s; fine' as x",
      'select 1 as "a;b"',
      'select 1 as `a;b`',
      'select 1 -- a; comment\n',
      'select 1 /* ; */ as x',
      'select $$a;b$$ as x, $t$;$t$ as y',
      'select 1;\n',
      'select 1; -- done\n/* end */ ;',
    ]) {
      expect(refusal(sql), sql).toBeUndefined();
    }
  });

  it('places a statement the raw text shows, and says when only the render has it', () => {
    expect(refusal("{{ config(materialized='table') }}\nselect '{{ \";\" }}';\n\ndrop table x")).toMatch(/^4: /);
    expect(refusal('{{ two() }}', 'select 1; select 2')).toBe('-: model has more than one SQL statement once rendered: a model is one query');
  });

  it('refuses an empty or comment-only model as empty', () => {
    expect(refusal('')).toBe('-: model file is empty: it has no SQL');
    expect(refusal('-- nothing yet\n/* later */\n')).toBe('-: model file is empty: it has no SQL beyond comments and template tags');
    expect(refusal("{{ config(materialized='table') }}\n", '\n')).toMatch(/model file is empty/);
  });

  it('skips template tags only when asked', () => {
    expect(sqlShape('{{ x }}', true).hasCode).toBe(false);
    expect(sqlShape('{% if a; %}select 1{% endif %}', true).secondStatement).toBeUndefined();
  });
});
