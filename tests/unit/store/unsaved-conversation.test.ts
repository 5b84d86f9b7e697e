import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/agent/event-log';
import type { Message } from '../../../src/models/messages';
import { openGlassboxDb } from '../../../src/store/db';
import { stashConversation, UNSAVED_CONVERSATION_KEY, withStashedTail, type StashStorage } from '../../../src/store/unsaved-conversation';
import { WorkspacePersistence, WorkspaceStore } from '../../../src/store/workspace-store';

/** localStorage's shape over a Map, with an optional quota. */
class MemoryStorage implements StashStorage {
  readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (value.length > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const TRANSCRIPT: Message[] = [
  { role: 'user', content: 'make a file' },
  { role: 'assistant', content: [{ type: 'text', text: 'Writing it.' }, { type: 'tool_use', id: 't1', name: 'Write', input: { file_path: '/workspace/a.txt', content: 'hi' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'Wrote a.txt' }] },
  { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
];

const LOG: LoggedEvent[] = TRANSCRIPT.map((message, at) => ({
  at,
  event: message.role === 'user' ? { type: 'user_message', message } : { type: 'assistant_message', turn: at, message },
}));

let counter = 0;
const freshName = (): string => `glassbox-stash-test-${++counter}-${Date.now()}`;

describe('a conversation stashed on the way out', () => {
  it('continues what was saved, is read back through the stored-log checks, and is used once', () => {
    const storage = new MemoryStorage();
    expect(stashConversation(storage, 's1', LOG, 'acceptEdits', 99)).toBe(true);
    const saved = { log: LOG.slice(0, 2), permissionMode: 'acceptEdits' as const, savedAt: 1, rewrite: false };
    const restored = withStashedTail(storage, 's1', saved);
    expect(restored).toEqual({ log: LOG, permissionMode: 'acceptEdits', savedAt: 99, rewrite: true });
    expect(storage.getItem(UNSAVED_CONVERSATION_KEY)).toBeNull();
    expect(withStashedTail(storage, 's1', saved)).toBe(saved);
  });

  it('brings back a conversation whose first save never landed', () => {
    const storage = new MemoryStorage();
    stashConversation(storage, 's1', LOG, 'default', 5);
    expect(withStashedTail(storage, 's1', undefined)?.log).toEqual(LOG);
  });

  it('never brings back Bypass, like any reload', () => {
    const storage = new MemoryStorage();
    stashConversation(storage, 's1', LOG, 'bypass', 5);
    expect(withStashedTail(storage, 's1', undefined)?.permissionMode).toBe('default');
  });

  it('is ignored (and forgotten) for another session, a log that does not continue, or a broken stash', () => {
    const storage = new MemoryStorage();
    const saved = { log: LOG, permissionMode: 'default' as const, savedAt: 1, rewrite: false };
    stashConversation(storage, 'other', LOG, 'default', 5);
    expect(withStashedTail(storage, 's1', saved)).toBe(saved);
    expect(storage.items.size).toBe(0);

    // What was saved is already as long: the stash is older than the save.
    stashConversation(storage, 's1', LOG.slice(0, 3), 'default', 5);
    expect(withStashedTail(storage, 's1', saved)).toBe(saved);

    // Another conversation under the same session (its last saved event differs).
    const shifted = LOG.map((entry) => ({ ...entry, at: entry.at + 1000 }));
    stashConversation(storage, 's1', shifted, 'default', 5);
    expect(withStashedTail(storage, 's1', { ...saved, log: LOG.slice(0, 2) })?.log).toEqual(LOG.slice(0, 2));

    storage.setItem(UNSAVED_CONVERSATION_KEY, '{"format":1,"sessionId":"s1","savedAt":1,"chunk":{"format":1}}');
    expect(withStashedTail(storage, 's1', undefined)).toBeUndefined();
    storage.setItem(UNSAVED_CONVERSATION_KEY, 'not json');
    expect(withStashedTail(storage, 's1', undefined)).toBeUndefined();
  });

  it('says when the log is too large to keep', () => {
    const storage = new MemoryStorage(100);
    expect(stashConversation(storage, 's1', LOG, 'default', 5)).toBe(false);
    expect(storage.items.size).toBe(0);
    expect(stashConversation(undefined, 's1', LOG, 'default', 5)).toBe(false);
  });

  it('a reload while the save is still pending keeps the whole log; once saved, the stash is dropped', async () => {
    const name = freshName();
    const storage = new MemoryStorage();
    const open = () => openGlassboxDb({ name });
    const first = new WorkspacePersistence({ store: new WorkspaceStore({ open, stash: storage }), delayMs: 60_000 });
    first.conversationChanged({ log: LOG, permissionMode: 'plan' });
    // The page goes away before the (long) quiet time ends: nothing reached IndexedDB.
    first.stashUnsaved();
    expect(storage.items.size).toBe(1);

    const reloaded = new WorkspaceStore({ open, stash: storage });
    const loaded = (await reloaded.loadConversation()).value;
    expect(loaded).toMatchObject({ log: LOG, permissionMode: 'plan', rewrite: true });
    expect(storage.items.size).toBe(0);

    // Hidden, then shown again: the pending save lands, and the stash it covers goes.
    const second = new WorkspacePersistence({ store: new WorkspaceStore({ open, stash: storage }), delayMs: 10 });
    second.conversationChanged({ log: LOG, permissionMode: 'plan' });
    second.stashUnsaved();
    expect(storage.items.size).toBe(1);
    await second.flush();
    expect(storage.items.size).toBe(0);
    // Nothing pending: nothing to stash.
    second.stashUnsaved();
    expect(storage.items.size).toBe(0);
  });
});
