import { describe, expect, it } from 'vitest';
import { concatBytes, decodeUtf8, encodeUtf8 } from '../../../src/git/utf8';

const platform = new TextEncoder();

describe('UTF-8 for git paths', () => {
  it.each(['', 'src/index.ts', 'docs/naïve café.md', '日本語/ファイル.txt', 'emoji-😀.txt', 'tab\tand\nnewline'])('encodes and decodes %j as the platform does', (text) => {
    expect(encodeUtf8(text)).toEqual(platform.encode(text));
    expect(decodeUtf8(platform.encode(text))).toBe(text);
  });

  it('decodes a long ASCII text whole', () => {
    const text = 'a/'.repeat(20_000);
    expect(decodeUtf8(platform.encode(text))).toBe(text);
  });

  it('decodes invalid UTF-8 the way TextDecoder does (replacement characters)', () => {
    const bytes = new Uint8Array([0x61, 0xff, 0x62]);
    expect(decodeUtf8(bytes)).toBe(new TextDecoder().decode(bytes));
  });

  it('joins strings and byte runs into one buffer', () => {
    const oid = new Uint8Array([1, 2, 3]);
    expect(concatBytes(['100644 café\0', oid, '40000 b\0'])).toEqual(new Uint8Array([...platform.encode('100644 café\0'), 1, 2, 3, ...platform.encode('40000 b\0')]));
  });
});
