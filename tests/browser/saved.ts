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
    const get = (name: string, key: IDBValidKey) =>
      new Promise<unknown>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).get(key);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const [workspace, conversation, eventChunks, pointer] = await Promise.all([all('files'), all('conversation'), all('eventChunks'), get('settings', 'open-session')]);
    // The open session (and its workspace's files): the one a reload opens.
    const open = (pointer as { workspaceId: string; sessionId: string } | undefined) ?? { workspaceId: 'current', sessionId: 'current' };
    const chunkKeys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('eventChunks').objectStore('eventChunks').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const header = (await get('conversation', open.sessionId)) as { logId: string; permissionMode: string } | undefined;
    db.close();
    const files = fileKeys.filter((key) => Array.isArray(key) && key[0] === open.workspaceId).map((key) => (Array.isArray(key) ? String(key[1]) : String(key)));
    // Only the open session's log: other sessions keep theirs.
    const events = (eventChunks as Array<{ events: Array<{ event: { type: string } }> }>)
      .filter((_chunk, at) => Array.isArray(chunkKeys[at]) && (chunkKeys[at] as unknown[])[0] === header?.logId)
      .flatMap((chunk) => chunk.events);
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
