import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BUNDLE = fileURLToPath(new URL('../../dist/keel/main.cjs', import.meta.url));

describe('build id', () => {
  it('the built CLI carries its own content hash as the build id its compile caches are keyed by', () => {
    const text = readFileSync(BUNDLE, 'latin1');
    const hash = /^\/\/ keel-bundle ([0-9a-f]{64})\n/.exec(text)?.[1];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe('0'.repeat(64));
    expect(text.match(/keel-build-[0-9a-f]{64}/g)).toEqual([`keel-build-${hash}`]);
  });
});
