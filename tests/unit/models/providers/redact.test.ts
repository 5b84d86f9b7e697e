import { describe, expect, it } from 'vitest';
import { maskKey, redactHeaders, redactSecrets } from '../../../../src/models/redact';

describe('redactSecrets', () => {
  it('replaces every occurrence of every key', () => {
    expect(redactSecrets('a sk-ant-abc123 b sk-ant-abc123 c gsk_zzzz', ['sk-ant-abc123', 'gsk_zzzz'])).toBe('a [redacted] b [redacted] c [redacted]');
  });
  it('masks the longer of overlapping keys whole', () => {
    expect(redactSecrets('key sk-abcdef-long', ['sk-abcdef', 'sk-abcdef-long'])).toBe('key [redacted]');
  });
  it('treats keys with regex characters literally', () => {
    expect(redactSecrets('x a.b*c+d? y', ['a.b*c+d?'])).toBe('x [redacted] y');
  });
  it('ignores empty and very short keys, and blanks key= query parameters', () => {
    expect(redactSecrets('abc', ['', undefined, null, 'a'])).toBe('abc');
    expect(redactSecrets('https://h/p?alt=sse&key=AIzaXYZ', [])).toBe('https://h/p?alt=sse&key=[redacted]');
  });
});

describe('redactHeaders', () => {
  it('hides credential headers in any case and keeps the rest', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', 'x-api-key': 'k', 'X-Goog-Api-Key': 'g', 'content-type': 'application/json' })).toEqual({
      Authorization: '[redacted]',
      'x-api-key': '[redacted]',
      'X-Goog-Api-Key': '[redacted]',
      'content-type': 'application/json',
    });
  });
});

describe('maskKey', () => {
  it('shows only the ends of a long key', () => {
    // Built at run time so no key-shaped string sits in the repository.
    const longKey = ['sk', 'ant', 'api03', 'abcdefghijklmnop'].join('-');
    expect(maskKey(longKey)).toBe('sk-a…mnop');
    expect(maskKey('short')).toBe('•••••');
  });
});
