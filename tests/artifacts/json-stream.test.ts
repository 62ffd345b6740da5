import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamedObject, writeJsonStream } from '../../src/artifacts/json-stream.js';

function streamed(data: Record<string, unknown>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'keel-json-')), 'out.json');
  const fd = openSync(path, 'w');
  writeJsonStream(fd, data);
  closeSync(fd);
  return readFileSync(path, 'utf8');
}

describe('streamed JSON', () => {
  it('writes exactly what JSON.stringify gives, for large and small members', () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) {
      nodes[`model.p.m${i}`] = i % 7 === 0 ? undefined : { name: `m${i}`, sql: `select 'é ${i}' as "x"\n`.repeat(i % 50), tags: [i], nested: { a: null } };
    }
    nodes['12'] = 'an integer-like key goes first in both';
    nodes['with toJSON'] = { toJSON: () => ({ built: 'late' }) };
    const data = {
      metadata: { at: new Date('2026-01-01T00:00:00Z') },
      skipped: undefined,
      nodes,
      // entry by entry, one larger than a 64 KB chunk, multi-byte text across chunk ends
      parents: new StreamedObject(function* () {
        for (let i = 0; i < 500; i++) yield [`model.p.m${i}`, i === 3 ? 'é ☃ 𝄞'.repeat(30000) : [`é ${i}`, 'x'.repeat(i)]];
      }),
      lazy: { toJSON: () => ({ big: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])) }) },
      list: Array.from({ length: 5000 }, (_, i) => i),
      empty: {},
      fn: () => 1,
      last: 'done',
    };
    const text = streamed(data);
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(text).toBe(JSON.stringify(data));
    expect(JSON.parse(text).nodes['model.p.m7']).toBeUndefined();
  });

  it('writes an object with no members', () => {
    expect(streamed({})).toBe('{}');
    expect(streamed({ a: undefined })).toBe('{}');
  });
});
