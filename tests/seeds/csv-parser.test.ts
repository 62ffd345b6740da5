import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError } from '../../src/materialize/seed/csv-parser.js';

const parse = (pieces: string[]) => {
  const p = new CsvParser(',');
  return [...pieces.flatMap((t) => p.push(t)), ...p.end()];
};

describe('the streaming CSV parser', () => {
  const text = '\ufeffa,b,c\r\n1,"x, ""y""\nz",\r\n\n2,"",q"r\n3,"ab",""""\n4,,"\r"\n5,last,row';

  it('parses quotes, escaped quotes, newlines in fields, CRLF, blank lines and a last row without newline', () => {
    expect(parse([text])).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, "y"\nz', null] },
      { line: 5, fields: ['2', '', 'q"r'] },
      { line: 6, fields: ['3', 'ab', '"'] },
      { line: 7, fields: ['4', null, '\r'] },
      { line: 8, fields: ['5', 'last', 'row'] },
    ]);
  });

  it('gives the same rows however the text is cut into pieces', () => {
    const whole = parse([text]);
    for (let cut = 1; cut < text.length; cut++) expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    expect(parse([...text])).toEqual(whole);
  });

  it('refuses text after a closing quote, at its line', () => {
    expect(() => parse(['a,b\n1,x\n2,"ab"c\n'])).toThrow(/text after the closing quote/);
  });

  it('reports an unclosed quote at the line it opened', () => {
    const p = new CsvParser(',');
    p.push('a,b\n1,x\n2,"y\n3,z\n');
    expect(() => p.end()).toThrow(CsvSyntaxError);
    try {
      p.end();
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(3);
      expect((e as Error).message).toContain('unclosed quote');
    }
  });
});
