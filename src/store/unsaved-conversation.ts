/**
 * The last moments of a conversation, kept through a reload.
 *
 * Saves to IndexedDB are debounced, and a page that unloads aborts the transactions it has in
 * flight, so a reload right after a run ends (or while a save is still being written) used to
 * lose the log's tail. When the page is hidden or unloaded with a save pending, the log is
 * stashed synchronously in localStorage (packed with the same codec as the stored chunks, so its
 * pools keep it small, and read back through the same checks); at the next boot, a stash that
 * continues the stored log of the same session takes its place and is saved whole.
 *
 * No DOM: the storage is passed in (localStorage in the page).
 */
import type { LoggedEvent } from '../agent/event-log';
import type { PermissionMode } from '../agent/session-contract';
import { restoredMode, type LoadedConversation } from './conversation-store';
import { LogPacker, LogReader } from './event-log-codec';

/** The synchronous storage the stash lives in (localStorage's shape). */
export interface StashStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const UNSAVED_CONVERSATION_KEY = 'glassbox:unsaved-conversation';

interface Stash {
  format: 1;
  sessionId: string;
  permissionMode: PermissionMode;
  savedAt: number;
  chunk: unknown;
}

/**
 * Keep `log` for `sessionId` until the next boot. Returns false when it could not be kept (no
 * storage, or the log is larger than what localStorage holds): then only what IndexedDB saved counts.
 */
export function stashConversation(storage: StashStorage | undefined, sessionId: string, log: readonly LoggedEvent[], permissionMode: PermissionMode, now: number): boolean {
  if (!storage) return false;
  const stash: Stash = { format: 1, sessionId, permissionMode, savedAt: now, chunk: new LogPacker().pack(log) };
  try {
    storage.setItem(UNSAVED_CONVERSATION_KEY, JSON.stringify(stash));
    return true;
  } catch {
    forgetStash(storage);
    return false;
  }
}

export function forgetStash(storage: StashStorage | undefined): void {
  try {
    storage?.removeItem(UNSAVED_CONVERSATION_KEY);
  } catch {
    // nothing to forget where there is no storage
  }
}

function readStash(storage: StashStorage | undefined): Stash | undefined {
  try {
    const raw = storage?.getItem(UNSAVED_CONVERSATION_KEY);
    if (!raw) return undefined;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { format, sessionId, savedAt } = value as Partial<Stash>;
    if (format !== 1 || typeof sessionId !== 'string' || typeof savedAt !== 'number') return undefined;
    return value as Stash;
  } catch {
    return undefined;
  }
}

/** Whether `longer` goes on from `saved`: same length prefix, same last event at the same time. */
function continues(saved: readonly LoggedEvent[], longer: readonly LoggedEvent[]): boolean {
  if (longer.length <= saved.length) return false;
  if (saved.length === 0) return true;
  const last = saved[saved.length - 1];
  const same = longer[saved.length - 1];
  return last !== undefined && same !== undefined && last.at === same.at && last.event.type === same.event.type;
}

/**
 * What to restore for `sessionId`: the stashed log when it goes on from what IndexedDB has (it is
 * then saved whole), else what IndexedDB has. The stash is used once: it is forgotten here.
 */
export function withStashedTail(storage: StashStorage | undefined, sessionId: string, saved: LoadedConversation | undefined): LoadedConversation | undefined {
  const stash = readStash(storage);
  if (!stash) return saved;
  forgetStash(storage);
  if (stash.sessionId !== sessionId || saved?.notice !== undefined) return saved;
  const reader = new LogReader();
  reader.read(stash.chunk);
  const { log, dropped } = reader.finish();
  if (dropped.count > 0 || dropped.chunks > 0 || !continues(saved?.log ?? [], log)) return saved;
  return { log, permissionMode: restoredMode(stash.permissionMode), savedAt: stash.savedAt, rewrite: true };
}
