import type { Page } from '@playwright/test';

/** The workspace and conversation records a page saved, for the browser specs to check. */

export interface Saved {
  files: string[];
  messages: number;
  permissionMode: string | null;
  /** Every record of the workspace and conversation stores, as text (bytes decoded). */
  raw: string;
}

/** What the page saved, read straight from IndexedDB (opened at its current version, after the app created it). */
export function saved(page: Page): Promise<Saved> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('glassbox');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (name: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const [workspace, conversation] = await Promise.all([all('workspace'), all('conversation')]);
    db.close();
    const files = (workspace[0] as { files?: Record<string, unknown> } | undefined)?.files ?? {};
    const chat = conversation[0] as { messages: unknown[]; permissionMode: string } | undefined;
    const decoder = new TextDecoder();
    return {
      files: Object.keys(files).sort(),
      messages: chat?.messages.length ?? 0,
      permissionMode: chat?.permissionMode ?? null,
      raw: JSON.stringify({ workspace, conversation }, (_key, value: unknown) => (value instanceof Uint8Array ? decoder.decode(value) : value)),
    };
  });
}
