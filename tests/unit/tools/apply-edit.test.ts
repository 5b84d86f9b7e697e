import { describe, expect, it } from 'vitest';
import { applyEdit, countOccurrences } from '../../../src/tools/apply-edit';
import { contentHash } from '../../../src/sandbox/content-hash';

describe('applyEdit', () => {
  it('replaces a unique string and says where', () => {
    const outcome = applyEdit('one\ntwo\nthree\n', 'two', 'TWO', false);
    expect(outcome).toEqual({ ok: true, text: 'one\nTWO\nthree\n', replacements: 1, firstIndex: 4, insertedText: 'TWO' });
  });

  it('refuses an ambiguous string unless replace_all', () => {
    expect(applyEdit('a a a', 'a', 'b', false)).toEqual({ ok: false, reason: 'ambiguous', occurrences: 3 });
    expect(applyEdit('a a a', 'a', 'b', true)).toMatchObject({ ok: true, text: 'b b b', replacements: 3 });
  });

  it('takes $ patterns literally', () => {
    expect(applyEdit('x', 'x', '$& $1 $$', false)).toMatchObject({ ok: true, text: '$& $1 $$' });
  });

  it('reports a missing string', () => {
    expect(applyEdit('abc', 'zzz', 'y', false)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('matches LF strings in a CRLF file and keeps CRLF', () => {
    const outcome = applyEdit('a\r\nb\r\nc\r\n', 'a\nb', 'a\nB', false);
    expect(outcome).toMatchObject({ ok: true, text: 'a\r\nB\r\nc\r\n' });
  });

  it('counts non-overlapping occurrences', () => {
    expect(countOccurrences('aaaa', 'aa')).toBe(2);
    expect(countOccurrences('abc', '')).toBe(0);
  });
});

describe('contentHash', () => {
  it('is stable and tells different texts apart', () => {
    expect(contentHash('hello')).toBe(contentHash('hello'));
    expect(contentHash('hello')).not.toBe(contentHash('hellp'));
    expect(contentHash('ab')).not.toBe(contentHash('ba'));
  });
});
