import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { oneOf, seconds, timestamp, varsMapping, wholeNumber } from '../../src/cli/option-values.js';

describe('timestamp (--freshness-now)', () => {
  it.each([
    ['2025-07-01', '2025-07-01T00:00:00.000Z'],
    ['2025-07-01T06:00:00Z', '2025-07-01T06:00:00.000Z'],
    ['2025-07-01t06:00:00z', '2025-07-01T06:00:00.000Z'],
    ['2025-07-01 06:00', '2025-07-01T06:00:00.000Z'],
    ['2025-07-01T06:00:00', '2025-07-01T06:00:00.000Z'],
    ['2025-07-01T06:00:00+02:00', '2025-07-01T04:00:00.000Z'],
    ['2025-07-01T06:00:00-0530', '2025-07-01T11:30:00.000Z'],
    ['2025-07-01T06:00:00+02', '2025-07-01T04:00:00.000Z'],
    ['2025-07-01T00:30:00+01:00', '2025-06-30T23:30:00.000Z'],
    ['2025-07-01T06:00:00.25Z', '2025-07-01T06:00:00.250Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    [' 2025-07-01T06:00:00Z ', '2025-07-01T06:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(timestamp(text).toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-04-31',
    '2025-07-01T24:00',
    '2025-07-01T06:60',
    '2025-07-01T06:00:61Z',
    '2025-07-01T06:00+24:00',
    '2025-07-01T06:00+01:60',
    '07/01/2025',
    '1719813600',
    'now',
    '',
  ])('%s is refused', (text) => {
    expect(() => timestamp(text)).toThrow(InvalidArgumentError);
  });
});

describe('number parsers', () => {
  it('wholeNumber takes digits only, within its range', () => {
    const threads = wholeNumber(1);
    expect(threads('8', undefined)).toBe(8);
    expect(threads('007', undefined)).toBe(7);
    for (const bad of ['0', '-1', '1.5', '1e3', '0x10', ' 2', '', 'Infinity', '99999999999999999999'])
      expect(() => threads(bad, undefined)).toThrow(InvalidArgumentError);
    const port = wholeNumber(0, 65535);
    expect(port('0', undefined)).toBe(0);
    expect(() => port('65536', undefined)).toThrow('expected a whole number from 0 to 65535');
  });

  it('seconds takes plain decimals; positive refuses 0', () => {
    expect(seconds()('0', undefined)).toBe(0);
    expect(seconds()('2.5', undefined)).toBe(2.5);
    for (const bad of ['', '-1', '1e2', '.5', '5s', 'NaN']) expect(() => seconds()(bad, undefined)).toThrow(InvalidArgumentError);
    expect(() => seconds({ positive: true })('0', undefined)).toThrow('greater than 0');
    expect(seconds({ positive: true })('0.1', undefined)).toBe(0.1);
  });
});

describe('oneOf', () => {
  it('suggests the closest value and collects variadic ones', () => {
    expect(() => oneOf(['text', 'json'])('jsn', undefined)).toThrow("expected one of: text, json. Did you mean 'json'?");
    expect(() => oneOf(['text', 'json'])('xml', undefined)).toThrow(/^expected one of: text, json\.$/);
    const types = oneOf(['model', 'seed'] as const, { variadic: true });
    expect(types('seed', types('model', undefined))).toEqual(['model', 'seed']);
  });
});

describe('varsMapping (--vars)', () => {
  it('reads YAML and JSON mappings, names the YAML error, refuses non-mappings', () => {
    expect(varsMapping('{a: 1, b: [x]}')).toEqual({ a: 1, b: ['x'] });
    expect(varsMapping('{"a": "2025-01-01"}')).toEqual({ a: '2025-01-01' });
    expect(varsMapping('  ')).toBeUndefined();
    expect(() => varsMapping('{a: 1')).toThrow(/^not valid YAML: .* at line \d+, column \d+/);
    for (const bad of ['[1]', '3', 'just text']) expect(() => varsMapping(bad)).toThrow('expected a YAML mapping');
  });
});
