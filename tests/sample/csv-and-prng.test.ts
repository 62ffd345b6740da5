import { describe, expect, it } from 'vitest';
import { csvField, csvLine, formatTimestamp, parseCsv } from '../../src/sample/csv.js';
import { Random, hashSeed } from '../../src/sample/prng.js';

describe('csv', () => {
  it('quotes only what RFC 4180 needs, plus edge whitespace', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('  padded@example.com ')).toBe('"  padded@example.com "');
  });

  it('writes NULL as an empty field and booleans/numbers as text', () => {
    expect(csvLine([null, undefined, true, 12.5, 0])).toBe(',,true,12.5,0\n');
  });

  it('round-trips through the parser', () => {
    const values = ['x', 'a,b', '[{"k":"v"}]', '  y ', 'multi\nline'];
    expect(parseCsv(csvLine(values))).toEqual([values]);
  });

  it('formats timestamps in UTC with milliseconds and no zone', () => {
    expect(formatTimestamp(Date.UTC(2025, 0, 2, 3, 4, 5, 6))).toBe('2025-01-02 03:04:05.006');
    const r = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const ms = r.int(-86_400_000, 4_102_444_800_000);
      expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString().replace('T', ' ').slice(0, 23));
    }
  });
});

describe('prng', () => {
  it('repeats for a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return [r.float(), r.int(1, 6), r.uuid()];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('derives independent seeds from parts', () => {
    expect(hashSeed(42, 1, 'person')).toBe(hashSeed(42, 1, 'person'));
    expect(hashSeed(42, 1, 'person')).not.toBe(hashSeed(42, 2, 'person'));
    expect(hashSeed(42, 12)).not.toBe(hashSeed(421, 2));
  });

  it('makes version-4 shaped uuids', () => {
    expect(new Random(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
