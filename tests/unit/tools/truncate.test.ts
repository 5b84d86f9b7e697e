import { describe, expect, it } from 'vitest';
import { truncateMiddle } from '../../../src/tools/truncate';

describe('truncateMiddle', () => {
  it('leaves short text alone', () => {
    expect(truncateMiddle('hello', 10)).toBe('hello');
    expect(truncateMiddle('x'.repeat(30_000))).toHaveLength(30_000);
  });

  it('keeps the head and the tail around a marker that counts what was cut', () => {
    const text = `${'a'.repeat(50_000)}${'z'.repeat(50_000)}`;
    const result = truncateMiddle(text);
    expect(result.length).toBeLessThanOrEqual(30_000);
    expect(result.startsWith('aaaa')).toBe(true);
    expect(result.endsWith('zzzz')).toBe(true);
    const removed = Number(/\[([\d,]+) characters truncated\]/.exec(result)?.[1]?.replace(/,/g, ''));
    const marker = /\n… \[[\d,]+ characters truncated\] …\n/.exec(result)?.[0] ?? '';
    expect(removed).toBe(text.length - (result.length - marker.length));
  });

  it('formats the count with thousands separators', () => {
    expect(truncateMiddle('x'.repeat(12_445), 100)).toContain('[12,3');
  });

  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(1000);
    const result = truncateMiddle(text, 101);
    const [head, tail] = result.split(/\n… \[[\d,]+ characters truncated\] …\n/);
    expect(head).toMatch(/^(😀)*$/u);
    expect(tail).toMatch(/^(😀)*$/u);
  });
});
