import type { Page } from '@playwright/test';

/** The workspace and conversation records a page saved, for the browser specs to check. */

export interface Saved {
  files: string[];
  /** Messages the saved event log appends to the transcript (its user_message and assistant_message events). */
  messages: number;
  /** Events in the saved log (streaming merged). */
  events: number;
  permissionMode: string | null;
  /** Every record of the files, conversation and event-log stores, as text (bytes decoded). */
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
    const fileKeys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('files').objectStore('files').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const [workspace, conversation, eventChunks] = await Promise.all([all('files'), all('conversation'), all('eventChunks')]);
    db.close();
    const files = fileKeys.map((key) => (Array.isArray(key) ? String(key[1]) : String(key)));
    const header = conversation[0] as { logId: string; permissionMode: string } | undefined;
    // The store holds one log's chunks: a new conversation replaces them all.
    const events = (eventChunks as Array<{ events: Array<{ event: { type: string } }> }>).flatMap((chunk) => chunk.events);
    const decoder = new TextDecoder();
    return {
      files: files.sort(),
      messages: events.filter(({ event }) => event.type === 'user_message' || event.type === 'assistant_message').length,
      events: events.length,
      permissionMode: header?.permissionMode ?? null,
      raw: JSON.stringify({ workspace, conversation, eventChunks }, (_key, value: unknown) => (value instanceof Uint8Array ? decoder.decode(value) : value)),
    };
  });
}
