import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/project/simple-yaml.js';

const jsYaml = (text: string) => jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });

/** Same data, same key order, same types (-0, NaN and all) as js-yaml. */
function expectSameAsJsYaml(text: string) {
  const simple = parseSimpleYaml(text);
  expect(simple, `expected the simple parser to take:\n${text}`).toBeDefined();
  const expected = jsYaml(text);
  expect(simple!.data).toStrictEqual(expected);
  expect(JSON.stringify(simple!.data)).toBe(JSON.stringify(expected));
}

describe('parseSimpleYaml', () => {
  it('reads property files as js-yaml does', () => {
    expectSameAsJsYaml(`version: 2
# a comment
models:
  - name: orders   # trailing comment
    description: Orders, one row per order (see docs#orders)
    meta: {owner: 'data team', tier: 1, pii: false, tags: [a, "b c"]}
    config:
      materialized: table
      tags: [x]
    columns:
      - name: id
        tests: [unique, not_null]
      - name: status
        tests:
          - accepted_values:
              values: ['placed', 'it''s shipped', "returned"]
          - relationships: {to: "ref('customers')", field: id}
      -
        name: empty_list_item_mapping
  - name: customers
    columns:
    - name: id
      data_tests:
      - unique
sources:
  - name: raw
    tables:
      - name: events
        freshness: {warn_after: {count: 1, period: day}}
        loaded_at_field:
`);
  });

  it('resolves plain scalars and keys with the CORE schema', () => {
    expectSameAsJsYaml(`a: null
b: ~
c: Null
d: true
e: FALSE
f: 12
g: 0x1F
h: 0o17
i: 1_000
j: 1.5e3
k: .inf
l: .NaN
m: 07
n: +3
o: yes
p: nullish
q: 'null'
r: "12"
1.0: one
true: t
~: tilde
list: [1, +2, 0.5, true, null, ~, x]
neg: -2
empty: []
nothing: {}
`);
  });

  it('ends scalars at spaces only, not at other Unicode spaces', () => {
    expectSameAsJsYaml('a: \u00a0x\u00a0\nb: [\u00a0y\u00a0, z\u3000]\n');
  });

  it('keeps __proto__ as an ordinary key', () => {
    const simple = parseSimpleYaml('__proto__: {polluted: true}\nx: 1\n');
    expect(simple).toBeDefined();
    expect(Object.keys(simple!.data as object)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectSameAsJsYaml('__proto__: {polluted: true}\nx: 1\n');
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: first\n  second\n'],
    ['a multi-line flow sequence', 'a: [1,\n  2]\n'],
    ['an escape in double quotes', 'a: "x\\ny"\n'],
    ['a tab', 'a:\tb\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'base: {a: 1}\nc:\n  <<: {b: 2}\n'],
    ['a document marker', '---\na: 1\n'],
    ['a quoted key', '"a": 1\n'],
    ['a top-level sequence', '- a\n- b\n'],
    ['a mapping value on the key line', 'a: b: c\n'],
    ['odd indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['an empty document', '# nothing\n'],
    ['a nested compact sequence', 'a:\n  - - x\n'],
    ['a trailing comma in a flow sequence', 'a: [x, y,]\n'],
    ['a key in a flow sequence', 'a: [x: 1]\n'],
  ])('leaves %s to js-yaml', (_what, text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });
});
