import { describe, expect, it } from 'vitest';
import { benchHarnessOverhead } from '../../bench/harness-overhead';

describe('harness overhead benchmark', () => {
  it('runs 1,000 round trips and reports the median per round trip', async () => {
    const [result] = await benchHarnessOverhead();
    expect(result).toMatchObject({ unit: 'ms', goal: '< 1 ms' });
    expect(result!.note).toContain('median of 1000');
    expect(result!.value).toBeGreaterThan(0);
    expect(result!.value).toBeLessThan(1);
  });
});
