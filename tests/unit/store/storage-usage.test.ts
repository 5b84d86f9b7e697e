import { describe, expect, it } from 'vitest';
import { askToPersist, describeStorageUsage, formatBytes, readStorageUsage, type StorageManagerLike } from '../../../src/store/storage-usage';

function manager(overrides: Partial<StorageManagerLike> & { usage?: number; quota?: number } = {}): StorageManagerLike {
  const { usage = 1_234_567, quota = 2_100_000_000, ...rest } = overrides;
  return { estimate: async () => ({ usage, quota }), persisted: async () => false, persist: async () => true, ...rest };
}

describe('storage usage', () => {
  it('reads usage, quota and whether the data is kept for sure', async () => {
    expect(await readStorageUsage(manager())).toEqual({ usedBytes: 1_234_567, quotaBytes: 2_100_000_000, persisted: false });
    expect(await readStorageUsage(undefined)).toBeUndefined();
    expect(await readStorageUsage(manager({ estimate: async () => ({}) }))).toBeUndefined();
    expect(await readStorageUsage(manager({ estimate: () => Promise.reject(new Error('denied')) }))).toBeUndefined();
  });

  it('asks to persist once, says whether it was granted, and copes with browsers that cannot', async () => {
    let asked = 0;
    expect(await askToPersist(manager({ persist: async () => ((asked += 1), false) }))).toBe(false);
    expect(asked).toBe(1);
    expect(await askToPersist(manager({ persisted: async () => true, persist: async () => ((asked += 1), true) }))).toBe(true);
    expect(asked).toBe(1);
    expect(await askToPersist({ estimate: async () => ({}) })).toBeNull();
    expect(await askToPersist(manager({ persist: () => Promise.reject(new Error('no')) }))).toBe(false);
  });

  it('says it in plain words', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(2_100_000_000)).toBe('2.1 GB');
    expect(formatBytes(512_000)).toBe('512 kB');
    const granted = describeStorageUsage({ usedBytes: 1_234_567, quotaBytes: 2_100_000_000, persisted: true });
    expect(granted.text).toBe('1.2 MB of 2.1 GB');
    expect(granted.detail).toMatch(/persistent storage granted/);
    expect(describeStorageUsage({ usedBytes: 1, quotaBytes: 2, persisted: false }).detail).toMatch(/may clear this data.*Download the workspace/);
  });
});
