import { describe, expect, it } from 'vitest';
import { shortHash, stableJson } from '../../src/state/stable-json.js';

describe('state digests', () => {
  it('are the same whatever order keys were set in', () => {
    const a = { materialized: 'view', tags: ['x'], meta: { owner: 'me', tier: 1 } };
    const b = { meta: { tier: 1, owner: 'me' }, tags: ['x'], materialized: 'view' };
    expect(stableJson(a)).toBe(stableJson(b));
    expect(shortHash(stableJson(a))).toBe(shortHash(stableJson(b)));
  });

  it('keep the recipe of manifests already written (state:modified compares with them)', () => {
    const value = { b: 1, a: [1, 'x', null, undefined, { d: true, c: 'é"' }], u: undefined, f: () => 1, n: -0, nan: NaN };
    expect(stableJson(value)).toBe('{"a":[1,"x",null,null,{"c":"é\\"","d":true}],"b":1,"n":0,"nan":null}');
    expect(shortHash(stableJson(value))).toBe('05cf1132eb2028ef');
    // more keys than a config has take the other sorting path
    const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${(i * 7) % 20}`, i]));
    expect(Object.keys(JSON.parse(stableJson(wide)))).toEqual(Object.keys(wide).sort());
  });
});
