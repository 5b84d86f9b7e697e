/**
 * How much of the browser's storage this site uses, how much it may use, and whether the browser
 * promised to keep it (navigator.storage.persist): the cap on what Glassbox keeps is the
 * browser's quota, so the user sees it. Works without a StorageManager (old or locked-down
 * browsers): then there is nothing to show.
 */

export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number;
  /** True when the browser will not clear the site's data under storage pressure; null when unknown. */
  persisted: boolean | null;
}

/** The parts of StorageManager used here (injectable for tests). */
export type StorageManagerLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

function defaultStorage(): StorageManagerLike | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/** The current usage and quota; undefined when the browser cannot tell. */
export async function readStorageUsage(storage: StorageManagerLike | undefined = defaultStorage()): Promise<StorageUsage | undefined> {
  if (!storage?.estimate) return undefined;
  try {
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.().catch(() => null) ?? Promise.resolve(null)]);
    if (estimate.quota === undefined) return undefined;
    return { usedBytes: estimate.usage ?? 0, quotaBytes: estimate.quota, persisted };
  } catch {
    return undefined;
  }
}

/**
 * Ask the browser to keep this site's data even when space runs low. Chromium decides by itself
 * (site engagement), Firefox may ask the user. Resolves with whether it was granted; null when the
 * browser has no such request.
 */
export async function askToPersist(storage: StorageManagerLike | undefined = defaultStorage()): Promise<boolean | null> {
  if (!storage?.persist) return null;
  try {
    return (await storage.persisted?.()) === true ? true : await storage.persist();
  } catch {
    return false;
  }
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1234567 → "1.2 MB" (powers of 1000, as browsers and disks count). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 || unit === 0 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** The status bar's words for it: what is used of what, and whether it is kept for sure. */
export function describeStorageUsage(usage: StorageUsage): { text: string; detail: string } {
  const text = `${formatBytes(usage.usedBytes)} of ${formatBytes(usage.quotaBytes)}`;
  const kept =
    usage.persisted === true
      ? 'The browser keeps this data even when the disk runs low (persistent storage granted).'
      : usage.persisted === false
        ? 'The browser did not grant persistent storage: it may clear this data when the disk runs low. Download the workspace to keep a copy.'
        : 'This browser does not say whether it keeps this data when the disk runs low.';
  return { text, detail: `Saved in this browser: ${text} used of what this site may store. ${kept}` };
}
