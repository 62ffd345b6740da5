import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import { parseAtom, parseSelectors } from '../../src/graph/selector-parser.js';

describe('selector syntax', () => {
  it.each([
    ['stg_orders', { method: 'fqn', value: 'stg_orders' }],
    ['stg_*', { method: 'fqn', value: 'stg_*' }],
    ['models/staging/a.sql', { method: 'path', value: 'models/staging/a.sql' }],
    ['+stg_orders', { parents: true, parentsDepth: undefined, value: 'stg_orders' }],
    ['2+stg_orders+3', { parents: true, parentsDepth: 2, children: true, childrenDepth: 3 }],
    ['@stg_orders+', { childrensParents: true, children: true, value: 'stg_orders' }],
    ['+tag:nightly+', { method: 'tag', value: 'nightly', parents: true, children: true }],
    ['config.materialized:table', { method: 'config', args: ['materialized'], value: 'table' }],
    ['config.meta.owner:a@b.com', { method: 'config', args: ['meta', 'owner'], value: 'a@b.com' }],
    ['source:web_app.tracks+', { method: 'source', value: 'web_app.tracks', children: true }],
    ['state:modified.body+', { method: 'state', value: 'modified.body', children: true }],
    ['config.schedule:06:00', { method: 'config', args: ['schedule'], value: '06:00' }],
  ])('%s parses', (raw, expected) => {
    expect(parseAtom(raw)).toMatchObject(expected);
  });

  it.each([
    ['++x', "'+' can only come first"],
    ['x++', "'+' can only come first"],
    ['1+2+x', "'+' can only come first"],
    ['x+1+', "'+' can only come first"],
    ['tag:+x', "'+' can only come first"],
    ['x@y', "'@' can only come first"],
    ['tag:@x', "'@' can only come first"],
    ['@@x', "'@' can only come first"],
    ['+@x', "'@' can only come first"],
    ['@+x', "'@' and a leading '+' cannot be combined"],
    [':x', "missing a method name before ':'"],
    ['1tag:x', "'1tag' is not a method name"],
    ['config.:x', "empty part in the method 'config.'"],
    ['tag:', 'missing a value'],
    ['+', 'missing a value'],
  ])('%s is refused: %s', (raw, reason) => {
    expect(() => parseAtom(raw)).toThrow(KeelError);
    expect(() => parseAtom(raw)).toThrow(`Invalid selector '${raw}': ${reason}`);
  });

  it('names the flag a selector came from, and the term of an intersection', () => {
    expect(() => parseSelectors(['a', 'tag:x,++b'], { flag: '--exclude' })).toThrow("Invalid selector '++b' in --exclude: '+' can only come first");
    expect(() => parseSelectors(['a,'], { flag: '--select' })).toThrow("Invalid selector 'a,' in --select: empty term around a comma");
  });
});
