import { describe, expect, it } from 'vitest';
import { splitLeadingWith } from '../../src/materialize/funnel/leading-with.js';

describe("splitting a model's leading WITH list", () => {
  it('leaves SQL without one alone', () => {
    expect(splitLeadingWith('select 1 as withheld')).toEqual({ recursive: false, ctes: '', body: 'select 1 as withheld' });
  });

  it('splits after the last CTE, past comments, strings and parentheses that look like the end', () => {
    const sql = `-- ephemerals first
with "__keel_ephemeral__a" as (
select ')' as p, "x)" from t -- )
), b (c1, c2) as materialized (select (1), 2 /* ), */)
select * from "__keel_ephemeral__a", b`;
    expect(splitLeadingWith(sql)).toEqual({
      recursive: false,
      ctes: `"__keel_ephemeral__a" as (\nselect ')' as p, "x)" from t -- )\n), b (c1, c2) as materialized (select (1), 2 /* ), */)`,
      body: '\nselect * from "__keel_ephemeral__a", b',
    });
  });

  it('keeps RECURSIVE', () => {
    expect(splitLeadingWith('WITH RECURSIVE r AS (select 1) select * from r')).toEqual({ recursive: true, ctes: 'r AS (select 1)', body: ' select * from r' });
  });
});
