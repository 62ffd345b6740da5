import { describe, expect, it } from 'vitest';
import { JsonMemo } from '../../src/artifacts/json-memo.js';

/** What the memo gives for `value` after it was given `before` under the same key. */
function after(before: unknown, value: unknown): string | undefined {
  const memo = new JsonMemo();
  memo.bytes('k', before);
  memo.finishWrite();
  return memo.bytes('k', value)?.toString();
}

describe('JsonMemo', () => {
  it.each([
    ['a key added at the end', { a: 1 }, { a: 1, b: 2 }],
    ['a key removed', { a: 1, b: 2 }, { a: 1 }],
    ['keys reordered', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['an undefined value becoming defined', { a: 1, b: undefined }, { a: 1, b: 'x' }],
    ['an array grown', { a: [1, 2] }, { a: [1, 2, 3] }],
    ['an undefined array item (null in JSON) becoming a value', [undefined], [0]],
    ['a nested string changed', { a: { b: ['x', { c: 'y' }] } }, { a: { b: ['x', { c: 'z' }] } }],
    ['a number becoming its string', { a: 1 }, { a: '1' }],
    ['null becoming an object', { a: null }, { a: {} }],
    ['an array becoming an object', { a: [] }, { a: {} }],
    ['infinity (null in JSON) and null', { a: null }, { a: Infinity }],
    ['a value with toJSON', { a: new Date(0) }, { a: new Date(1) }],
    ['a value becoming undefined', { a: 1 }, undefined],
  ])('%s: the new text', (_what, before, value) => {
    expect(after(before, value)).toBe(JSON.stringify(value));
  });

  it('reuses the text of an equal value, a fresh copy or the same object', () => {
    const v = { a: [1, { b: 'x', u: undefined }], c: null };
    expect(after(v, structuredClone(v))).toBe(JSON.stringify(v));
    expect(after(v, v)).toBe(JSON.stringify(v));
  });

  it('compares with what was written, not with the object since mutated', () => {
    const memo = new JsonMemo();
    const v: { a: number[] } = { a: [1] };
    memo.bytes('k', v);
    memo.finishWrite();
    v.a.push(2);
    expect(memo.bytes('k', v)?.toString()).toBe('{"a":[1,2]}');
  });

  it('forgets keys not written in the last write', () => {
    const memo = new JsonMemo();
    memo.bytes('gone', { a: 1 });
    memo.finishWrite();
    memo.finishWrite();
    expect(memo.bytes('gone', { a: 1 })?.toString()).toBe('{"a":1}');
  });
});
