import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/agent/event-log';
import { applyChanges, changesBackTo, copyCheckpoints, recordCheckpoint } from '../../../src/store/checkpoints';
import { readConversation } from '../../../src/store/conversation-store';
import { CURRENT_KEY, DB_VERSION, OPEN_SESSION_KEY, openGlassboxDb } from '../../../src/store/db';
import {
  createWorkspace,
  deleteSession,
  listSessions,
  listWorkspaces,
  purgeDeleted,
  renameSession,
  resolveOpenSession,
  sessionTitle,
  undeleteSession,
  writeNewSession,
} from '../../../src/store/session-catalog';
import { promptStart, summarizeLog } from '../../../src/store/session-summary';
import { WorkspaceStore } from '../../../src/store/workspace-store';

let counter = 0;
const freshName = (): string => `glassbox-sessions-test-${(counter += 1)}-${Date.now()}`;

interface Dump {
  version: number;
  stores: Record<string, Array<[IDBValidKey, unknown]>>;
}

/** Bytes in the dump are {"$bytes": [...]}. */
function revive(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && '$bytes' in value && Array.isArray((value as { $bytes: unknown }).$bytes)) return new Uint8Array((value as { $bytes: number[] }).$bytes);
  return value;
}

/** Write the database the v4 code left (tests/fixtures/store/v4-database.json), store by store, at version 4. */
async function writeV4Database(name: string): Promise<void> {
  const dump = JSON.parse(readFileSync(new URL('../../fixtures/store/v4-database.json', import.meta.url), 'utf8'), revive) as Dump;
  expect(dump.version).toBe(4);
  const db = await openDB(name, 4, {
    upgrade(created) {
      for (const store of Object.keys(dump.stores)) created.createObjectStore(store);
    },
  });
  for (const [store, records] of Object.entries(dump.stores)) for (const [key, value] of records) await db.put(store, value, key);
  db.close();
}

const run = (n: number, prompt: string, at: number, tokens = 10, model = 'claude-test'): LoggedEvent[] => [
  { at, event: { type: 'run_start', runId: `r${n}`, prompt, at } },
  { at: at + 1, event: { type: 'user_message', message: { role: 'user', content: prompt } } },
  { at: at + 2, event: { type: 'model_request', turn: 1, request: { model, system: '', messages: [], tools: [], maxTokens: 10 } } },
  { at: at + 3, event: { type: 'assistant_message', turn: 1, message: { role: 'assistant', content: [{ type: 'text', text: `answer ${n}` }] } } },
  { at: at + 4, event: { type: 'usage', turn: 1, usage: { inputTokens: tokens, outputTokens: tokens }, costUsd: 0.5 } },
  { at: at + 5, event: { type: 'run_end', reason: 'completed', at: at + 5 } },
];

describe('v5 upgrade from a database written by the v4 code', () => {
  it('makes the workspace a named workspace and its conversation its one session, losing nothing', async () => {
    const name = freshName();
    await writeV4Database(name);
    const db = await openGlassboxDb({ name });
    expect(db.version).toBe(DB_VERSION); // v4 → the current version, through the v5 step
    const workspaces = await listWorkspaces(db);
    expect(workspaces.map((w) => [w.id, w.name])).toEqual([[CURRENT_KEY, 'My workspace']]);
    expect(await resolveOpenSession(db)).toEqual({ workspaceId: CURRENT_KEY, sessionId: CURRENT_KEY });
    const [session, ...others] = await listSessions(db, CURRENT_KEY);
    expect(others).toEqual([]);
    expect(session?.summary).toEqual({ title: 'Add a greet function to hello.js', model: 'claude-sonnet-4-5', inputTokens: 2700, outputTokens: 500, costUsd: expect.closeTo(0.0156, 6), prompts: 2 });
    expect(sessionTitle(session!)).toBe('Add a greet function to hello.js');
    db.close();
    // The store opens it where it was: the files (bytes kept) and the whole log, mode included.
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    expect(await store.resolve()).toEqual({ workspaceId: CURRENT_KEY, sessionId: CURRENT_KEY });
    const files = (await store.loadWorkspace()).value?.files ?? {};
    expect(Object.keys(files).sort()).toEqual(['hello.js', 'hello.test.js', 'img/dot.png']);
    expect(files['img/dot.png']).toEqual(new Uint8Array([137, 80, 78, 71, 0, 1, 2, 255]));
    const conversation = (await store.loadConversation()).value;
    expect(conversation?.log.filter((e) => e.event.type === 'run_start')).toHaveLength(2);
    expect(conversation?.permissionMode).toBe('acceptEdits');
    expect(conversation?.notice).toBeUndefined();
  });
});

describe('sessions and workspaces', () => {
  it('keeps two sessions in two workspaces apart, each with its own files and log', async () => {
    const name = freshName();
    const open = () => openGlassboxDb({ name });
    const store = new WorkspaceStore({ open, now: () => 500 });
    await store.resolve();
    await store.saveWorkspace({ files: { 'a.txt': 'first workspace' } });
    expect((await store.saveConversation({ log: run(1, 'first prompt', 1000), permissionMode: 'default' })).persisted).toBe(true);
    const db = await open();
    const second = await createWorkspace(db, '  Second project ', 2000);
    expect(second.name).toBe('Second project');
    store.retarget({ workspaceId: second.id, sessionId: 'session-b' });
    await store.saveWorkspace({ files: { 'b.txt': 'second workspace' } });
    await store.saveConversation({ log: run(1, 'other prompt', 3000), permissionMode: 'plan' });

    expect((await listWorkspaces(db)).map((w) => w.name)).toEqual(['My workspace', 'Second project']);
    expect((await listSessions(db, CURRENT_KEY)).map((s) => s.summary.title)).toEqual(['first prompt']);
    expect((await listSessions(db, second.id)).map((s) => s.summary.title)).toEqual(['other prompt']);
    // The last one saved is the one a reload opens.
    expect(await resolveOpenSession(db)).toEqual({ workspaceId: second.id, sessionId: 'session-b' });
    expect(await db.get('settings', OPEN_SESSION_KEY)).toEqual({ workspaceId: second.id, sessionId: 'session-b' });

    const reader = new WorkspaceStore({ open });
    reader.retarget({ workspaceId: CURRENT_KEY, sessionId: CURRENT_KEY });
    expect((await reader.loadWorkspace()).value?.files).toEqual({ 'a.txt': 'first workspace' });
    expect((await reader.loadConversation()).value?.log.map((e) => e.event.type)).toEqual(run(1, 'first prompt', 1000).map((e) => e.event.type));
    reader.retarget({ workspaceId: second.id, sessionId: 'session-b' });
    expect((await reader.loadWorkspace()).value?.files).toEqual({ 'b.txt': 'second workspace' });
    expect((await reader.loadConversation()).value?.permissionMode).toBe('plan');
    db.close();
  });

  it('a new log for one session (New chat, rewind) replaces only that session\'s chunks', async () => {
    const name = freshName();
    const open = () => openGlassboxDb({ name });
    const store = new WorkspaceStore({ open });
    await store.saveConversation({ log: run(1, 'kept', 10), permissionMode: 'default' });
    store.retarget({ workspaceId: CURRENT_KEY, sessionId: 'other' });
    await store.saveConversation({ log: run(1, 'one', 20), permissionMode: 'default' });
    await store.saveConversation({ log: run(1, 'replaced', 30), permissionMode: 'default' });
    const db = await open();
    const kept = await readConversation(db, CURRENT_KEY);
    const other = await readConversation(db, 'other');
    expect(typeof kept === 'object' && kept.log[0]?.event).toMatchObject({ prompt: 'kept' });
    expect(typeof other === 'object' && other.log.map((e) => e.event.type === 'run_start' && e.event.prompt).filter(Boolean)).toEqual(['replaced']);
    // No chunk is left of the replaced log.
    expect(await db.count('eventChunks')).toBe(2);
    db.close();
  });

  it('renames, deletes with undo, and purges what stayed deleted', async () => {
    const name = freshName();
    const db = await openGlassboxDb({ name });
    const a = await writeNewSession(db, CURRENT_KEY, run(1, 'alpha', 100), 'default', 100);
    const b = await writeNewSession(db, CURRENT_KEY, run(1, 'beta', 200), 'default', 200);
    await renameSession(db, a, 'My alpha');
    expect((await listSessions(db, CURRENT_KEY)).map(sessionTitle)).toEqual(['beta', 'My alpha']);
    await deleteSession(db, b);
    expect((await listSessions(db, CURRENT_KEY)).map(sessionTitle)).toEqual(['My alpha']);
    await undeleteSession(db, b);
    expect((await listSessions(db, CURRENT_KEY)).map(sessionTitle)).toEqual(['beta', 'My alpha']);
    await deleteSession(db, b);
    expect(await purgeDeleted(db)).toBe(1);
    expect(await db.get('sessions', b)).toBeUndefined();
    expect(await db.get('conversation', b)).toBeUndefined();
    expect(await db.count('eventChunks')).toBe(1);
    // An emptied name goes back to the first prompt.
    await renameSession(db, a, '  ');
    expect((await listSessions(db, CURRENT_KEY)).map(sessionTitle)).toEqual(['alpha']);
    db.close();
  });

  it('folds the summary: title from the first prompt, the last model, tokens and cost', () => {
    const log = [...run(1, 'first\n  line   two', 0, 5, 'model-a'), ...run(2, 'second', 10, 7, 'model-b')];
    expect(summarizeLog(log)).toEqual({ title: 'first line two', model: 'model-b', inputTokens: 12, outputTokens: 12, costUsd: 1, prompts: 2 });
    expect(summarizeLog([{ at: 0, event: { type: 'run_start', runId: 'x', prompt: 'y'.repeat(200), at: 0 } }]).title).toHaveLength(80);
    expect(promptStart(log, 1)).toBe(6);
    expect(promptStart(log, 2)).toBe(-1);
  });
});

describe('checkpoints', () => {
  it('rebuilds the files as they were before any prompt, storing each previous content once', async () => {
    const db = await openGlassboxDb({ name: freshName() });
    const bytes = new Uint8Array([1, 2, 3]);
    const v0 = { files: { 'a.txt': 'a0', 'logo.bin': bytes } };
    const v1 = { files: { 'a.txt': 'a1', 'logo.bin': bytes, 'new.txt': 'n1' } };
    const v2 = { files: { 'a.txt': 'a0', 'new.txt': 'n2' } };
    const { changedPaths } = await import('../../../src/store/checkpoints');
    expect(await recordCheckpoint(db, 's', 0, changedPaths(v0, v1), 1)).toBe(1);
    // v1 → v2: a.txt goes back to a0 (already stored as a blob), logo.bin is deleted (its bytes stored).
    expect(await recordCheckpoint(db, 's', 1, changedPaths(v1, v2), 2)).toBe(3);
    expect(await db.count('blobs')).toBe(4);
    expect(applyChanges(v2, await changesBackTo(db, 's', 1))).toEqual(v1);
    expect(applyChanges(v2, await changesBackTo(db, 's', 0))).toEqual(v0);
    expect(applyChanges(v2, await changesBackTo(db, 's', 2))).toEqual(v2);
    // A fork keeps the checkpoints before its prompt.
    await copyCheckpoints(db, 's', 'fork', 1);
    expect(applyChanges(v1, await changesBackTo(db, 'fork', 0))).toEqual(v0);
    expect(await db.count('checkpoints')).toBe(3);
    // A fork from the first prompt keeps no past (an empty key range is not an IndexedDB error here).
    await copyCheckpoints(db, 's', 'fork-at-start', 0);
    expect(await db.count('checkpoints')).toBe(3);
    db.close();
  });
});

describe('WorkspacePersistence across sessions', () => {
  class MemorySandbox {
    files: Record<string, string | Uint8Array> = {};
    fs = {} as import('../../../src/store/workspace-store').PersistedSandbox['fs'];
    async snapshot() {
      return { files: { ...this.files } };
    }
    async restore(snapshot: { files: Record<string, string | Uint8Array> }) {
      this.files = { ...snapshot.files };
    }
  }

  it('New chat keeps the old session; switching workspaces swaps the files and opens the last session there', async () => {
    const { WorkspacePersistence } = await import('../../../src/store/workspace-store');
    const name = freshName();
    const open = () => openGlassboxDb({ name });
    const persistence = new WorkspacePersistence({ store: new WorkspaceStore({ open }), delayMs: 1 });
    const sandbox = new MemorySandbox();
    await persistence.restore(sandbox);
    persistence.follow(sandbox);
    sandbox.files = { 'one.txt': '1' };
    persistence.workspaceChanged();
    const first = run(1, 'in the first session', 100);
    persistence.conversationChanged({ log: first, permissionMode: 'default' });
    await persistence.flush();

    const second = await persistence.newSession();
    persistence.conversationChanged({ log: run(1, 'in the second session', 200), permissionMode: 'default' });
    await persistence.flush();
    const db = await open();
    expect((await listSessions(db, CURRENT_KEY)).map((s) => [s.id, s.summary.title])).toEqual([
      [second, 'in the second session'],
      [CURRENT_KEY, 'in the first session'],
    ]);

    const other = await createWorkspace(db, 'Other', 300);
    expect(await persistence.switchTo(sandbox, { workspaceId: other.id, sessionId: 'fresh' })).toBeUndefined();
    expect(sandbox.files).toEqual({});
    sandbox.files = { 'two.txt': '2' };
    persistence.workspaceChanged();
    await persistence.flush();

    const back = await persistence.switchTo(sandbox, { workspaceId: CURRENT_KEY, sessionId: CURRENT_KEY });
    expect(sandbox.files).toEqual({ 'one.txt': '1' });
    expect(back?.log).toEqual(first);
    expect(await resolveOpenSession(db)).toEqual({ workspaceId: CURRENT_KEY, sessionId: CURRENT_KEY });
    await persistence.switchTo(sandbox, { workspaceId: other.id, sessionId: 'fresh' });
    expect(sandbox.files).toEqual({ 'two.txt': '2' });
    db.close();
  });
});
