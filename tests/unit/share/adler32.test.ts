import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32 } from '../../../src/share/bytes';

/** The Adler-32 zlib itself wrote: the last four bytes of a zlib stream, big-endian. */
function zlibAdler(bytes: Uint8Array): number {
  const stream = deflateSync(bytes);
  return stream.readUInt32BE(stream.length - 4);
}

describe('adler32', () => {
  it.each([0, 1, 100, 5551, 5552, 5553, 200_000])('matches zlib on %i bytes of every value', (length) => {
    const bytes = Uint8Array.from({ length }, (_, at) => (at * 7919 + 13) % 256);
    expect(adler32(bytes)).toBe(zlibAdler(bytes));
  });

  it('matches zlib on the worst case for overflow: a long run of 0xff', () => {
    const bytes = new Uint8Array(100_000).fill(0xff);
    expect(adler32(bytes)).toBe(zlibAdler(bytes));
  });
});
