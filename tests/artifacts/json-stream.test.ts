import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamedObject, writeJsonStream, type Streamed } from '../../src/artifacts/json-stream.js';

function written(data: Record<string, unknown>): { bytes: Buffer } & Streamed {
  const path = join(mkdtempSync(join(tmpdir(), 'keel-json-')), 'out.json');
  const fd = openSync(path, 'w');
  const streamed = writeJsonStream(fd, data);
  closeSync(fd);
  return { bytes: readFileSync(path), ...streamed };
}

const streamed = (data: Record<string, unknown>) => written(data).bytes.toString('utf8');

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

  it('leaves the room asked after an entry and says where it is in bytes, past multi-byte text, across chunks and past an entry larger than a chunk', () => {
    const values = Array.from({ length: 400 }, (_, i) => ({ name: `m${i}`, sql: `select '${i % 3 ? 'plain' : 'é ☃ 𝄞'}' as x\n`.repeat(i === 0 ? 3000 : i % 40) }));
    const { bytes, ranges, ends } = written({
      metadata: { note: 'über' },
      nodes: new StreamedObject(function* () {
        for (const [i, v] of values.entries()) yield [`model.p.m${i}`, v, i % 2 ? 0 : 16 + (i % 5)];
      }),
      last: ['☃'],
    });
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ metadata: { note: 'über' }, nodes: Object.fromEntries(values.map((v, i) => [`model.p.m${i}`, v])), last: ['☃'] });
    expect(Object.keys(ranges)).toEqual(['nodes']);
    // where the streamed object closes, past multi-byte text: entries are added there
    expect(Object.keys(ends)).toEqual(['nodes']);
    expect(bytes[ends.nodes!]).toBe(0x7d);
    expect(bytes.subarray(ends.nodes! + 1).toString('utf8')).toBe(',"last":["☃"]}');
    expect(Object.keys(ranges.nodes!)).toHaveLength(200);
    for (const [i, v] of values.entries()) {
      const range = ranges.nodes![`model.p.m${i}`];
      if (i % 2) {
        expect(range).toBeUndefined();
        continue;
      }
      const [start, end] = range!;
      expect(bytes.subarray(start, end).toString('utf8')).toBe(JSON.stringify(v) + ' '.repeat(16 + (i % 5)));
      expect(bytes.subarray(start - `"model.p.m${i}":`.length, start).toString()).toBe(`"model.p.m${i}":`);
    }
  });
});
