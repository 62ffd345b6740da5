import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findObjectMember, movedRange, patchManifest } from '../../src/artifacts/manifest-patch.js';

const ID = '00000000-0000-4000-8000-000000000000';
const AT = '2026-01-01T00:00:00.000Z';

function manifest(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'keel-patch-')), 'manifest.json');
  const data = {
    metadata: { invocation_id: ID, generated_at: AT },
    nodes: {
      'model.p.a': { name: 'a', raw_code: 'select "model.p.b":{ 1 }', depends_on: ['model.p.b'] },
      'model.p.b': { name: 'b', raw_code: 'select 2' },
    },
    parent_map: { 'model.p.a': ['model.p.b'], 'model.p.b': [] },
  };
  writeFileSync(path, JSON.stringify(data));
  return path;
}

const run = { invocationId: '11111111-1111-4111-8111-111111111111', generatedAt: '2026-02-02T02:02:02.222Z' };

describe('patching manifest.json', () => {
  it('finds an entry by its key, not by the same text inside a string', () => {
    const buf = Buffer.from(readFileSync(manifest()));
    const range = findObjectMember(buf, 'model.p.b')!;
    expect(JSON.parse(buf.subarray(range.start, range.end).toString())).toEqual({ name: 'b', raw_code: 'select 2' });
  });

  it('rewrites the file when an entry grows, leaving room for the next edit, which goes in place', () => {
    const path = manifest();
    const inode = statSync(path).ino;
    const ranges = patchManifest(path, { ...run, entries: new Map([['model.p.b', JSON.stringify({ name: 'b', raw_code: 'select 2 -- longer now' })]]) })?.entries;
    expect(Object.keys(ranges!)).toEqual(['model.p.b']);
    const grown = JSON.parse(readFileSync(path, 'utf8'));
    expect(grown.metadata).toEqual({ invocation_id: run.invocationId, generated_at: run.generatedAt });
    expect(grown.nodes['model.p.b'].raw_code).toBe('select 2 -- longer now');
    expect(grown.nodes['model.p.a'].raw_code).toBe('select "model.p.b":{ 1 }');
    expect(grown.parent_map).toEqual({ 'model.p.a': ['model.p.b'], 'model.p.b': [] });
    const rewritten = statSync(path).ino;
    expect(rewritten).not.toBe(inode);
    const size = statSync(path).size;
    // in place, from the ranges the last patch returned, then without them (found by reading the file)
    expect(patchManifest(path, { ...run, entries: new Map([['model.p.b', JSON.stringify({ name: 'b', raw_code: 'select 2 -- and a little longer' })]]) }, ranges)).toEqual({ entries: ranges });
    expect(patchManifest(path, { ...run, entries: new Map([['model.p.b', JSON.stringify({ name: 'b', raw_code: 'select 2 -- a bit longer still' })]]) })).toEqual({ entries: ranges });
    expect(statSync(path).ino).toBe(rewritten);
    expect(statSync(path).size).toBe(size);
    expect(JSON.parse(readFileSync(path, 'utf8')).nodes['model.p.b'].raw_code).toBe('select 2 -- a bit longer still');
    // a known range that no longer holds the entry is not trusted
    const stale = { 'model.p.b': [ranges!['model.p.b']![0] - 3, ranges!['model.p.b']![1]] as [number, number] };
    expect(patchManifest(path, { ...run, entries: new Map([['model.p.b', '{"name":"b"}']]) }, stale)).toEqual({ entries: ranges });
    expect(JSON.parse(readFileSync(path, 'utf8')).nodes['model.p.b']).toEqual({ name: 'b' });
  });

  it('writes nothing when the file is not laid out as expected', () => {
    const path = manifest();
    const before = readFileSync(path, 'utf8');
    expect(patchManifest(path, { ...run, entries: new Map([['model.p.zz', '{}']]) })).toBeUndefined();
    expect(patchManifest(path, { ...run, invocationId: 'short', entries: new Map() })).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});

describe('entry ranges after a rewrite', () => {
  it('moves the known ranges of entries after the one that grew', () => {
    const path = manifest();
    const first = patchManifest(path, { ...run, entries: new Map([['model.p.b', '{"name":"b","raw_code":"x"}']]) })!.entries;
    const { entries: grown, moves } = patchManifest(path, { ...run, entries: new Map([['model.p.a', JSON.stringify({ name: 'a', raw_code: 'y'.repeat(2000) })]]) }, first)!;
    const buf = readFileSync(path);
    for (const [id, [start]] of Object.entries(grown)) expect(findObjectMember(buf, id)!.start).toBe(start);
    // the moves say the same of a range known from before the rewrite
    expect(movedRange(first['model.p.b']!, [moves!])).toEqual(grown['model.p.b']);
    expect(patchManifest(path, { ...run, entries: new Map([['model.p.b', '{"name":"b","raw_code":"z"}']]) }, grown)).toEqual({ entries: grown });
    expect(JSON.parse(readFileSync(path, 'utf8')).nodes['model.p.b'].raw_code).toBe('z');
  });
});

describe('many entries at once', () => {
  it('finds them in one pass over the nodes, strings with quotes, braces and backslashes included', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'keel-patch-')), 'manifest.json');
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) nodes[`model.p.m${i}`] = { name: `m${i}`, raw_code: `select '}{"\\\\' as x${i}`, nested: { deps: [`model.p.m${i - 1}`] } };
    writeFileSync(path, JSON.stringify({ metadata: { invocation_id: ID, generated_at: AT }, nodes, parent_map: {} }));
    const entries = new Map(Array.from({ length: 12 }, (_, k) => [`model.p.m${k + 4}`, JSON.stringify({ name: `m${k + 4}`, edited: 'y'.repeat(k * 50) })]));
    const ranges = patchManifest(path, { ...run, entries })!.entries;
    const after = JSON.parse(readFileSync(path, 'utf8'));
    for (let i = 0; i < 20; i++) {
      const edited = i >= 4 && i < 16;
      expect(after.nodes[`model.p.m${i}`], `m${i}`).toEqual(edited ? { name: `m${i}`, edited: 'y'.repeat((i - 4) * 50) } : nodes[`model.p.m${i}`]);
    }
    const buf = readFileSync(path);
    for (const [id, [start]] of Object.entries(ranges)) expect(findObjectMember(buf, id)!.start).toBe(start);
  });
});

describe('parent_map entries', () => {
  it('rewrites a node parent_map entry with its entry, in place when it fits, the file anew when not', () => {
    const path = manifest();
    const inode = statSync(path).ino;
    // as long as before: in place
    patchManifest(path, { ...run, entries: new Map([['model.p.a', '{"name":"a"}']]), parents: new Map([['model.p.a', '["model.p.c"]']]) });
    expect(statSync(path).ino).toBe(inode);
    expect(JSON.parse(readFileSync(path, 'utf8')).parent_map).toEqual({ 'model.p.a': ['model.p.c'], 'model.p.b': [] });
    // longer: written anew, the node entry found where the result says
    const { entries, moves } = patchManifest(path, { ...run, entries: new Map([['model.p.b', '{"name":"b"}']]), parents: new Map([['model.p.b', '["model.p.a","model.p.c"]']]) })!;
    expect(statSync(path).ino).not.toBe(inode);
    expect(moves).toBeDefined();
    const after = JSON.parse(readFileSync(path, 'utf8'));
    expect(after.parent_map).toEqual({ 'model.p.a': ['model.p.c'], 'model.p.b': ['model.p.a', 'model.p.c'] });
    expect(after.nodes['model.p.b']).toEqual({ name: 'b' });
    expect(findObjectMember(readFileSync(path), 'model.p.b')!.start).toBe(entries['model.p.b']![0]);
    // a node parent_map does not list: nothing written
    const before = readFileSync(path, 'utf8');
    expect(patchManifest(path, { ...run, entries: new Map(), parents: new Map([['model.p.zz', '[]']]) })).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});
