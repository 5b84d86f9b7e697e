/**
 * The `/context` view's rows and grid: each category of the account, free space up to the
 * compaction threshold and the buffer past it, in tokens and as a share of the window. Pure.
 */
import { contextCategories, type ContextAccount, type ContextPartKind } from '../../agent/context-accounting';

export type ContextRowKind = ContextPartKind | 'free' | 'buffer';

export interface ContextRow {
  kind: ContextRowKind;
  label: string;
  tokens: number;
  /** Share of the window, 0–100. */
  percent: number;
}

export function contextRows(account: ContextAccount, window: number, threshold: number): ContextRow[] {
  const share = (tokens: number): number => (window > 0 ? (tokens / window) * 100 : 0);
  const rows: ContextRow[] = contextCategories(account)
    .filter((category) => category.tokens > 0 || category.kind === 'message' || category.kind === 'system')
    .map((category) => ({
      kind: category.kind,
      label: category.kind === 'message' ? `Messages (${category.count})` : category.label,
      tokens: category.tokens,
      percent: share(category.tokens),
    }));
  const free = Math.max(0, threshold - account.used);
  const buffer = Math.max(0, window - Math.max(threshold, account.used));
  rows.push({ kind: 'free', label: 'Free space', tokens: free, percent: share(free) });
  rows.push({ kind: 'buffer', label: 'Reserved past the compaction threshold', tokens: buffer, percent: share(buffer) });
  return rows;
}

/** `cells` squares for the grid, each the kind of what fills it; a part that is there gets at least one. */
export function contextGrid(rows: readonly ContextRow[], cells = 100): ContextRowKind[] {
  const grid: ContextRowKind[] = [];
  const used = rows.filter((row) => row.kind !== 'free' && row.kind !== 'buffer');
  for (const row of used) {
    const count = row.tokens > 0 ? Math.max(1, Math.round((row.percent / 100) * cells)) : 0;
    for (let i = 0; i < count && grid.length < cells; i++) grid.push(row.kind);
  }
  const buffer = rows.find((row) => row.kind === 'buffer');
  const bufferCells = buffer ? Math.round((buffer.percent / 100) * cells) : 0;
  while (grid.length < cells - bufferCells) grid.push('free');
  while (grid.length < cells) grid.push('buffer');
  return grid;
}

/** "12.5%", "0.3%", "<0.1%". */
export function formatPercent(percent: number): string {
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  return `${percent.toFixed(1)}%`;
}
