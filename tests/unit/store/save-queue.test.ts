import { afterEach, describe, expect, it, vi } from 'vitest';
import { SaveQueue } from '../../../src/store/save-queue';
import { base64ToBytes, snapshotFromExport, workspaceExport, workspaceExportJson } from '../../../src/store/workspace-export';

afterEach(() => {
  vi.useRealTimers();
});

describe('SaveQueue', () => {
  it('saves once after a quiet time, even for a burst of changes', async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => undefined);
    const queue = new SaveQueue({ run, delayMs: 500 });
    for (let i = 0; i < 10; i++) {
      queue.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(run).toHaveBeenCalledTimes(1);
    expect(queue.busy).toBe(false);
  });

  it('still saves during changes that never go quiet (max wait)', async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => undefined);
    const queue = new SaveQueue({ run, delayMs: 100, maxWaitMs: 1000 });
    for (let i = 0; i < 30; i++) {
      queue.schedule();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(1);
  });

  it('flush saves at once; cancel drops what is pending; errors go to onError', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let fail = true;
    const run = vi.fn(async () => {
      if (fail) throw new Error('boom');
    });
    const queue = new SaveQueue({ run, delayMs: 500, onError: (error) => errors.push(error) });
    queue.schedule();
    await queue.flush();
    expect(run).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
    fail = false;
    queue.schedule();
    await queue.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    await queue.flush(); // nothing pending: no save
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('workspace export (Download workspace)', () => {
  it('keeps text as text and bytes as base64, and reads back the same snapshot', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const snapshot = { files: { 'src/index.js': 'console.log("hé");\n', 'img.bin': bytes } };
    const exported = workspaceExport(snapshot, new Date(0));
    expect(exported).toMatchObject({ format: 'glassbox-workspace', version: 1, exportedAt: '1970-01-01T00:00:00.000Z' });
    expect(exported.files['src/index.js']).toBe('console.log("hé");\n');
    expect(base64ToBytes((exported.files['img.bin'] as { base64: string }).base64)).toEqual(bytes);
    const parsed = JSON.parse(workspaceExportJson(snapshot)) as typeof exported;
    expect(snapshotFromExport(parsed)).toEqual(snapshot);
  });
});
