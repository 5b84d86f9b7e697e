import { describe, expect, it } from 'vitest';
import { comparable, sameResult } from '../../../../src/agent/replay/compare';

const result = (content: string, isError = false) => ({ type: 'tool_result' as const, tool_use_id: 't', content, ...(isError ? { is_error: true } : {}) });

describe('sameResult', () => {
  it('ignores clock times, dates and durations (ls -la a minute later is the same outcome)', () => {
    expect(sameResult(result('-rw-r--r-- 1 user 120 Dec  2 15:07 a.js'), result('-rw-r--r-- 1 user 120 Dec  2 15:09 a.js'))).toBe(true);
    expect(sameResult(result('done in 12ms at 2026-12-02T15:07:01Z'), result('done in 9ms at 2026-12-02T15:08:44Z'))).toBe(true);
    expect(comparable('took 1.5 s')).toBe('took <duration>');
  });

  it('tells a different text or an error apart', () => {
    expect(sameResult(result('-rw-r--r-- 1 user 120 Dec  2 15:07 a.js'), result('-rw-r--r-- 1 user 121 Dec  2 15:07 a.js'))).toBe(false);
    expect(sameResult(result('x'), result('x', true))).toBe(false);
  });
});

describe('comparableMessagesHash', () => {
  it('is the same for requests whose tool results differ only in times, and differs for other text', async () => {
    const { comparableMessagesHash } = await import('../../../../src/agent/replay/compare');
    const withResult = (text: string) => [
      { role: 'user' as const, content: 'list' },
      { role: 'user' as const, content: [result(text)] },
    ];
    expect(comparableMessagesHash(withResult('a.js Dec  2 15:07'))).toBe(comparableMessagesHash(withResult('a.js Dec  2 15:45')));
    expect(comparableMessagesHash(withResult('a.js Dec  2 15:07'))).not.toBe(comparableMessagesHash(withResult('b.js Dec  2 15:07')));
  });
});
