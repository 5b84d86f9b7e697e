import { describe, expect, it } from 'vitest';
import type { ContextAccount } from '../../../src/agent/context-accounting';
import { contextGrid, contextRows, formatPercent } from '../../../src/app/commands/context-view';

const account: ContextAccount = {
  parts: [
    { kind: 'system', label: 'System prompt', tokens: 2_000, basis: 'measured' },
    { kind: 'tools', label: 'Tool definitions (7)', tokens: 8_000, basis: 'measured' },
    { kind: 'message', label: 'User: hi', tokens: 5_000, basis: 'measured' },
    { kind: 'message', label: 'Tool results (1)', tokens: 5_000, basis: 'estimated' },
  ],
  used: 20_000,
  measured: 15_000,
  estimated: 5_000,
};

describe('the /context view', () => {
  it('has a row per category, the free space up to the threshold and the reserve past it', () => {
    const rows = contextRows(account, 100_000, 80_000);
    expect(rows.map((row) => [row.label, row.tokens, row.percent])).toEqual([
      ['System prompt', 2_000, 2],
      ['Tool definitions', 8_000, 8],
      ['Messages (2)', 10_000, 10],
      ['Free space', 60_000, 60],
      ['Reserved past the compaction threshold', 20_000, 20],
    ]);
  });

  it('past the threshold, there is no free space and the reserve shrinks', () => {
    const over = { ...account, used: 90_000 };
    const rows = contextRows(over, 100_000, 80_000);
    expect(rows.find((row) => row.kind === 'free')?.tokens).toBe(0);
    expect(rows.find((row) => row.kind === 'buffer')?.tokens).toBe(10_000);
  });

  it('draws a hundred squares in proportion, a tiny part still getting one', () => {
    const grid = contextGrid(contextRows({ ...account, parts: [...account.parts, { kind: 'instructions', label: 'Memory', tokens: 10, basis: 'measured' }] }, 100_000, 80_000));
    expect(grid).toHaveLength(100);
    expect(grid.filter((kind) => kind === 'tools')).toHaveLength(8);
    expect(grid.filter((kind) => kind === 'instructions')).toHaveLength(1);
    expect(grid.filter((kind) => kind === 'buffer')).toHaveLength(20);
    expect(grid.at(-1)).toBe('buffer');
  });

  it('formats shares', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.04)).toBe('<0.1%');
    expect(formatPercent(12.345)).toBe('12.3%');
  });
});
