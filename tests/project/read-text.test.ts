import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeelError } from '../../src/core/errors.js';
import { decodeUtf8, firstInvalidByte, readUtf8 } from '../../src/project/read-text.js';
import { tempProject } from '../helpers/temp-project.js';

describe('project files are UTF-8', () => {
  it('refuses Latin-1 bytes with the file, line and byte offset', () => {
    const p = tempProject({});
    writeFileSync(join(p.dir, 'm.sql'), Buffer.from("select 1,\n  'caf\xe9' as x", 'latin1'));
    let err: unknown;
    try {
      readUtf8(join(p.dir, 'm.sql'), 'models/m.sql');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KeelError);
    expect((err as KeelError).format()).toBe(
      'models/m.sql:2: File is not valid UTF-8: byte 0xe9 at byte offset 16\n  keel reads project files as UTF-8: save the file as UTF-8.',
    );
  });

  it('reads UTF-8 (with or without a byte-order mark) unchanged', () => {
    expect(decodeUtf8(Buffer.from('é – ✓ 𝄞'), 'f')).toBe('é – ✓ 𝄞');
    expect(decodeUtf8(Buffer.from('\ufeffselect 1'), 'f')).toBe('select 1');
  });

  it('finds the first bad byte: truncated, overlong and surrogate sequences', () => {
    expect(firstInvalidByte(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidByte(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidByte(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidByte(Buffer.from('ok ✓'))).toBe(6);
  });
});
