import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_HASH_PLACEHOLDER, DEFAULT_CACHE } from '../../src/cli/cached-bundle.js';

// the built module (npm test builds dist/ first), each load in a fresh process: within one, V8's
// in-memory compilation cache would answer before the code cache is even looked at
const MODULE_URL = new URL('../../dist/cli/cached-bundle.js', import.meta.url).href;

interface Load {
  fromCache: boolean;
  answer: number;
  file: string;
}

function loadBundle(file: string, candidates: string[], save?: string): Load {
  const script = `
    import { loadBundle } from ${JSON.stringify(MODULE_URL)};
    const b = loadBundle(${JSON.stringify(file)}, ${JSON.stringify(candidates)});
    ${save ? `b.saveCache(${JSON.stringify(save)});` : ''}
    console.log(JSON.stringify({ fromCache: b.fromCache, answer: b.exports.answer(), file: b.exports.file }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Load;
}

function bundle(body: string, hash = 'a'.repeat(64)): string {
  const dir = mkdtempSync(join(tmpdir(), 'keel-cached-bundle-'));
  const file = join(dir, 'main.cjs');
  writeFileSync(file, `${BUNDLE_HASH_PLACEHOLDER.replace(/0{64}/, hash)}\n"use strict";\n${body}`);
  return file;
}

const BODY = 'exports.answer = () => 42; exports.file = __filename;';
const caches = (file: string) => readdirSync(join(file, '..', 'v8-cache')).sort();

describe('loadBundle', () => {
  it('runs the bundle as CommonJS, then from the cache its command saved', () => {
    const file = bundle(BODY);
    expect(loadBundle(file, ['compile'], 'compile')).toEqual({ fromCache: false, answer: 42, file });
    expect(caches(file)).toEqual([expect.stringMatching(/-compile\.v8$/)]);
    expect(loadBundle(file, ['--select', 'x', 'compile'])).toEqual({ fromCache: true, answer: 42, file });
  });

  it('a command without its own cache starts from the default one and saves its own', () => {
    const file = bundle(BODY);
    loadBundle(file, [], DEFAULT_CACHE);
    expect(loadBundle(file, ['build'], 'build').fromCache).toBe(true);
    expect(caches(file).map((f) => f.replace(/^.*-/, ''))).toEqual(['build.v8', `${DEFAULT_CACHE}.v8`]);
  });

  it('a rebuilt bundle does not take the old cache', () => {
    const file = bundle(BODY);
    loadBundle(file, [], DEFAULT_CACHE);
    writeFileSync(file, `${BUNDLE_HASH_PLACEHOLDER.replace(/0{64}/, 'b'.repeat(64))}\n"use strict";\n${BODY.replace('42', '43')}`);
    expect(loadBundle(file, [])).toMatchObject({ fromCache: false, answer: 43 });
  });

  it('a corrupt cache is rejected and rewritten', () => {
    const file = bundle(BODY);
    loadBundle(file, [], DEFAULT_CACHE);
    const [name] = caches(file);
    writeFileSync(join(file, '..', 'v8-cache', name), 'not a code cache');
    expect(loadBundle(file, [], DEFAULT_CACHE)).toMatchObject({ fromCache: false, answer: 42 });
    expect(loadBundle(file, []).fromCache).toBe(true);
  });

  it('runs without a cache where none can be written, or without a hash line', () => {
    const file = bundle(BODY);
    writeFileSync(join(file, '..', 'v8-cache'), 'a file where the directory would be');
    expect(loadBundle(file, [], DEFAULT_CACHE).answer).toBe(42);

    const unhashed = bundle(BODY, '0'.repeat(64));
    expect(loadBundle(unhashed, [], DEFAULT_CACHE).answer).toBe(42);
    expect(readdirSync(join(unhashed, '..'))).toEqual(['main.cjs']);
  });
});
