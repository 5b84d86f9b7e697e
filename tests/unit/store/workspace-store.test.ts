import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import type { FsChange, Snapshot } from '../../../src/sandbox/port';
import { CURRENT_KEY, DB_VERSION, openGlassboxDb, type GlassboxDb } from '../../../src/store/db';
import { SettingsStore } from '../../../src/store/settings';
import { WorkspaceFiles } from '../../../src/store/workspace-files';
import {
  WorkspacePersistence,
  WorkspaceStore,
  type PersistedSandbox,
} from '../../../src/store/workspace-store';
import type { Message } from '../../../src/models/messages';
import type { LoggedEvent } from '../../../src/agent/event-log';
import { movedToOtherTabProblem, otherTabProblem } from '../../../src/store/storage-problem';

let counter = 0;
function freshName(): string {
  counter += 1;
  return `glassbox-ws-test-${counter}-${Date.now()}`;
}

// Built at runtime so no secret-looking literal sits in the repository.
const KEY = ['sk', 'test', 'workspace', '42'].join('-');
const FULL = "Your browser's storage is full: changes from now on are kept only in this tab. Free space or download the workspace.";

const TRANSCRIPT: Message[] = [
  { role: 'user', content: 'make a file' },
  { role: 'assistant', content: [{ type: 'text', text: 'Writing it.' }, { type: 'tool_use', id: 't1', name: 'Write', input: { file_path: '/workspace/a.txt', content: 'hi' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'Wrote a.txt' }] },
  { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
];

/** A session log whose transcript is TRANSCRIPT. */
const LOG: LoggedEvent[] = TRANSCRIPT.map((message, at) => ({
  at,
  event: message.role === 'user' ? { type: 'user_message', message } : { type: 'assistant_message', turn: at, message },
}));

/** An in-memory sandbox with what persistence needs: snapshot, restore and a watch. */
class FakeSandbox implements PersistedSandbox {
  files: Snapshot['files'] = {};
  snapshots = 0;
  private readonly listeners = new Set<(change: FsChange) => void>();
  fs = {
    watch: (listener: (change: FsChange) => void) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  } as unknown as PersistedSandbox['fs'];

  write(path: string, contents: string | Uint8Array): void {
    this.files[path] = contents;
    for (const listener of this.listeners) listener({ kind: 'update', path });
  }

  async snapshot(): Promise<Snapshot> {
    this.snapshots += 1;
    return { files: { ...this.files } };
  }

  async restore(snapshot: Snapshot): Promise<void> {
    this.files = { ...snapshot.files };
    for (const listener of this.listeners) listener({ kind: 'update', path: '' });
  }
}

/** Wraps a real database so writes fail as a full disk does, until `full` is set back to false. */
function quotaWrapper(db: GlassboxDb): { db: GlassboxDb; state: { full: boolean } } {
  const state = { full: true };
  const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  const wrapped = new Proxy(db, {
    get(target, property) {
      if (property !== 'transaction') {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (...args: Parameters<GlassboxDb['transaction']>) => {
        const tx = target.transaction(...args);
        // A full disk refuses writes; reads still work.
        if (!state.full || args[1] !== 'readwrite') return tx;
        tx.abort();
        tx.done.catch(() => undefined);
        const refusing = { get: () => Promise.resolve(undefined), put: () => Promise.reject(quota()), delete: () => Promise.reject(quota()), clear: () => Promise.reject(quota()) };
        return {
          store: refusing,
          objectStore: () => refusing,
          done: Promise.reject(quota()),
        };
      };
    },
  });
  return { db: wrapped, state };
}

async function readAll(name: string): Promise<{ files: Record<string, unknown>; conversation: unknown[]; eventChunks: unknown[] }> {
  const db = await openGlassboxDb({ name });
  const keys = await db.getAllKeys('files');
  const values = await db.getAll('files');
  const files = Object.fromEntries(keys.map(([, path], at) => [path, values[at]?.contents]));
  const result = { files, conversation: await db.getAll('conversation'), eventChunks: await db.getAll('eventChunks') };
  db.close();
  return result;
}

describe('schema upgrades', () => {
  it('upgrades a v1 database, keeping the model settings and the keys', async () => {
    const name = freshName();
    // The v1 schema as it shipped: settings and secrets only.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('settings');
        db.createObjectStore('secrets');
      },
    });
    await v1.put('settings', { provider: 'openai', model: 'gpt-4o-mini' }, 'model');
    await v1.put('secrets', KEY, 'openai');
    v1.close();

    const db = await openGlassboxDb({ name });
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(6);
    expect([...db.objectStoreNames].sort()).toEqual(['blobs', 'checkpoints', 'conversation', 'eventChunks', 'files', 'lessonProgress', 'secrets', 'sessions', 'settings', 'workspace', 'workspaces']);
    db.close();
    const settings = new SettingsStore({ open: () => openGlassboxDb({ name }) });
    expect(await settings.loadModelSettings()).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(await settings.loadApiKey('openai')).toBe(KEY);
    expect((await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadWorkspace()).value?.files).toEqual({});
  });

  it('upgrades a v3 database: the one workspace record becomes one record per file, bytes stay bytes', async () => {
    const name = freshName();
    const bytes = new Uint8Array([0, 159, 146, 150, 255]);
    // The v3 schema and the workspace record as v2–v3 saveWorkspace wrote it: { files, savedAt }.
    const v3 = await openDB(name, 3, {
      upgrade(db) {
        for (const store of ['settings', 'secrets', 'workspace', 'conversation', 'eventChunks']) db.createObjectStore(store);
      },
    });
    await v3.put('workspace', { files: { 'src/a.js': 'let a = 1;\n', 'logo.bin': bytes, 'bad.txt': 42 }, savedAt: 7 }, CURRENT_KEY);
    v3.close();

    const loaded = (await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadWorkspace()).value;
    expect(loaded).toEqual({ files: { 'src/a.js': 'let a = 1;\n', 'logo.bin': bytes } });
    expect(loaded?.files['logo.bin']).toBeInstanceOf(Uint8Array);
    const db = await openGlassboxDb({ name });
    expect(await db.get('workspace', CURRENT_KEY)).toBeUndefined();
    db.close();
  });
});

describe('workspace files, one record each', () => {
  it('a save writes only what changed: one edited file is one write, a deleted file one delete', async () => {
    const name = freshName();
    const db = await openGlassboxDb({ name });
    const files = new WorkspaceFiles();
    await files.load(db);
    const tree: Snapshot = { files: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`src/f${i}.ts`, `export const f${i} = ${i};\n`])) };
    tree.files['logo.bin'] = new Uint8Array([1, 2, 3]);
    expect(await files.save(db, tree)).toEqual({ written: 51, deleted: 0, tooBig: [] });
    expect(await files.save(db, tree)).toEqual({ written: 0, deleted: 0, tooBig: [] });
    const edited: Snapshot = { files: { ...tree.files, 'src/f7.ts': 'export const f7 = 700;\n' } };
    delete edited.files['src/f8.ts'];
    expect(await files.save(db, edited)).toEqual({ written: 1, deleted: 1, tooBig: [] });
    // Text that equals bytes unit for unit is still a change of kind.
    expect(await files.save(db, { files: { ...edited.files, 'logo.bin': '\u0001\u0002\u0003' } })).toMatchObject({ written: 1 });
    expect(await files.save(db, edited)).toMatchObject({ written: 1 });

    const reread = await new WorkspaceFiles().load(db);
    expect(reread).toEqual(edited);
    db.close();
  });

  it('a store that never read what is stored writes the workspace whole, dropping files that are gone', async () => {
    const name = freshName();
    const db = await openGlassboxDb({ name });
    await new WorkspaceFiles().save(db, { files: { 'old.txt': 'old', 'kept.txt': 'kept' } });
    expect(await new WorkspaceFiles().save(db, { files: { 'kept.txt': 'kept', 'new.txt': 'new' } })).toMatchObject({ written: 2 });
    expect(await new WorkspaceFiles().load(db)).toEqual({ files: { 'kept.txt': 'kept', 'new.txt': 'new' } });
    db.close();
  });
});

describe('WorkspaceStore', () => {
  it('keeps the workspace (text and bytes) and the conversation across instances', async () => {
    const name = freshName();
    const open = () => openGlassboxDb({ name });
    const bytes = new Uint8Array([0, 159, 146, 150, 255]);
    expect(await new WorkspaceStore({ open }).saveWorkspace({ files: { 'src/a.js': 'let a = 1;\n', 'logo.bin': bytes } })).toEqual({ persisted: true });
    expect(await new WorkspaceStore({ open }).saveConversation({ log: LOG, permissionMode: 'acceptEdits' })).toEqual({ persisted: true });

    const reloaded = new WorkspaceStore({ open });
    expect((await reloaded.loadWorkspace()).value).toEqual({ files: { 'src/a.js': 'let a = 1;\n', 'logo.bin': bytes } });
    expect((await reloaded.loadConversation()).value).toMatchObject({ log: LOG, permissionMode: 'acceptEdits' });
  });

  it('never brings back bypass mode after a reload: the page opens asking again', async () => {
    const name = freshName();
    const open = () => openGlassboxDb({ name });
    await new WorkspaceStore({ open }).saveConversation({ log: LOG, permissionMode: 'bypass' });
    expect((await new WorkspaceStore({ open }).loadConversation()).value).toMatchObject({ permissionMode: 'default' });
  });

  it('writes no key: a conversation is its log header and its chunks, nothing the caller adds', async () => {
    const name = freshName();
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    const withKey = { log: LOG, permissionMode: 'default', apiKey: KEY, model: { apiKey: KEY } } as Parameters<WorkspaceStore['saveConversation']>[0];
    await store.saveConversation(withKey);
    const records = await readAll(name);
    expect(Object.keys(records.conversation[0] as object).sort()).toEqual(['chunks', 'format', 'logId', 'permissionMode', 'savedAt']);
    expect(JSON.stringify(records)).not.toContain(KEY);
  });

  it('refuses a file over the per-file cap with a clear message, and keeps every other file', async () => {
    const name = freshName();
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }), maxFileBytes: 1024 * 1024 });
    const big: Snapshot = { files: { 'big.txt': 'x'.repeat(512 * 1024 + 1), 'small.txt': 'fits' } };
    const result = await store.saveWorkspace(big);
    expect(result).toEqual({ persisted: false, problem: expect.stringMatching(/^big\.txt is larger than 1 MB.*other files are saved.*kept only in this tab.*Download the workspace/) });
    expect((await readAll(name)).files).toEqual({ 'small.txt': 'fits' });
  });

  it('says storage is full when the browser reports QuotaExceededError', async () => {
    const name = freshName();
    const { db } = quotaWrapper(await openGlassboxDb({ name }));
    const store = new WorkspaceStore({ open: () => Promise.resolve(db) });
    expect(await store.saveWorkspace({ files: { 'a.txt': 'a' } })).toEqual({ persisted: false, problem: FULL });
    expect(await store.saveConversation({ log: LOG, permissionMode: 'default' })).toEqual({ persisted: false, problem: FULL });
  });

  it('tells an unavailable database apart from a failed write', async () => {
    const store = new WorkspaceStore({ open: () => Promise.reject(new Error('IndexedDB is not available in this browser')) });
    expect((await store.loadWorkspace()).problem).toMatch(/^Browser storage is unavailable \(IndexedDB is not available in this browser\)/);
    expect(await store.saveWorkspace({ files: {} })).toEqual({ persisted: false, problem: expect.stringMatching(/kept only in this tab/) });
  });

  it('ignores a malformed conversation and any file that is not text or bytes', async () => {
    const name = freshName();
    const db = await openGlassboxDb({ name });
    await db.put('conversation', { messages: [{ role: 'assistant', content: 'not first' }], permissionMode: 'bypass', savedAt: 1 } as never, CURRENT_KEY);
    await db.put('files', { contents: 'ok', hash: 'x' }, [CURRENT_KEY, 'ok.txt']);
    await db.put('files', { contents: 42, hash: 'x' } as never, [CURRENT_KEY, 'bad.txt']);
    db.close();
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    expect(await store.loadConversation()).toEqual({ discarded: true });
    expect((await store.loadWorkspace()).value).toEqual({ files: { 'ok.txt': 'ok' } });
  });
});

describe('WorkspacePersistence', () => {
  function setup(options: { name?: string; open?: () => Promise<GlassboxDb>; delayMs?: number } = {}) {
    const name = options.name ?? freshName();
    const store = new WorkspaceStore({ open: options.open ?? (() => openGlassboxDb({ name })) });
    return { name, persistence: new WorkspacePersistence({ store, delayMs: options.delayMs ?? 500 }) };
  }

  it('debounces fs changes into one save, and a reload restores the files and the conversation', async () => {
    // Real timers: fake-indexeddb schedules its own work on them.
    const { name, persistence } = setup({ delayMs: 80 });
    const sandbox = new FakeSandbox();
    expect(await persistence.restore(sandbox)).toEqual({});
    persistence.follow(sandbox);
    for (let i = 0; i < 20; i++) sandbox.write(`f${i}.txt`, `file ${i}`);
    persistence.conversationChanged({ log: LOG, permissionMode: 'acceptEdits' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sandbox.snapshots).toBe(0);
    await vi.waitFor(() => expect(sandbox.snapshots).toBe(1));
    await persistence.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sandbox.snapshots).toBe(1);

    const next = setup({ name }).persistence;
    const fresh = new FakeSandbox();
    const restored = await next.restore(fresh);
    expect(Object.keys(fresh.files)).toHaveLength(20);
    expect(fresh.files['f7.txt']).toBe('file 7');
    expect(restored.conversation).toMatchObject({ log: LOG, permissionMode: 'acceptEdits' });
    expect(restored.notice).toBeUndefined();
  });

  it('skips saving while a save is in flight, then saves the latest state once', async () => {
    const name = freshName();
    let release: (() => void) | undefined;
    const saved: string[] = [];
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    const slow = Object.assign(Object.create(store) as WorkspaceStore, {
      saveWorkspace: async (snapshot: Snapshot) => {
        saved.push(Object.keys(snapshot.files).join(','));
        if (saved.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return store.saveWorkspace(snapshot);
      },
    });
    const persistence = new WorkspacePersistence({ store: slow, delayMs: 5 });
    const sandbox = new FakeSandbox();
    persistence.follow(sandbox);
    sandbox.write('a', '1');
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    // Changes while the first save hangs: several quiet periods pass, no second save starts.
    sandbox.write('b', '2');
    await new Promise((resolve) => setTimeout(resolve, 20));
    sandbox.write('c', '3');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(saved).toEqual(['a']);
    release?.();
    await vi.waitFor(() => expect(saved).toHaveLength(2));
    await persistence.flush();
    expect(saved).toEqual(['a', 'a,b,c']);
    expect((await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadWorkspace()).value?.files).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('keeps working in memory when storage is full, says so, and recovers once there is space', async () => {
    const name = freshName();
    const wrapper = quotaWrapper(await openGlassboxDb({ name }));
    const { persistence } = setup({ open: () => Promise.resolve(wrapper.db), delayMs: 1 });
    const problems: Array<string | undefined> = [];
    persistence.onProblem((problem) => problems.push(problem));
    let saves = 0;
    persistence.onWorkspaceSaved(() => saves++);
    const sandbox = new FakeSandbox();
    await persistence.restore(sandbox);
    persistence.follow(sandbox);

    sandbox.write('notes.md', '# kept in this tab');
    persistence.conversationChanged({ log: LOG, permissionMode: 'default' });
    await vi.waitFor(() => expect(persistence.problem).toBe(FULL));
    await persistence.flush();
    expect(sandbox.files['notes.md']).toBe('# kept in this tab'); // The live copy is untouched.
    expect(problems).toEqual([undefined, FULL]);
    expect(saves).toBe(0); // nothing reached storage

    wrapper.state.full = false; // The user freed some space.
    sandbox.write('notes.md', '# saved again');
    persistence.conversationChanged({ log: LOG, permissionMode: 'default' });
    await vi.waitFor(() => expect(persistence.problem).toBeUndefined());
    await persistence.flush();
    expect((await readAll(name)).files).toEqual({ 'notes.md': '# saved again' });
    expect(saves).toBe(1); // the status bar's "Saved …" is read again after it
  });

  it('reports an oversized workspace and does not throw', async () => {
    const name = freshName();
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }), maxFileBytes: 100 });
    const persistence = new WorkspacePersistence({ store, delayMs: 1 });
    const sandbox = new FakeSandbox();
    persistence.follow(sandbox);
    sandbox.write('big.txt', 'y'.repeat(200));
    await vi.waitFor(() => expect(persistence.problem).toMatch(/^big\.txt is larger than/));
    expect((await readAll(name)).files).toEqual({});
  });

  it('does not save over what it could not restore, and Reset workspace lifts that', async () => {
    const name = freshName();
    const seed = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    await seed.saveWorkspace({ files: { 'keep.txt': 'precious' } });
    const { persistence } = setup({ name, delayMs: 1 });
    const broken = new FakeSandbox();
    broken.restore = () => Promise.reject(new Error('disk on fire'));
    expect(await persistence.restore(broken)).toEqual({});
    expect(persistence.problem).toMatch(/could not be restored \(disk on fire\).*does not save over it/);
    persistence.follow(broken);
    broken.write('other.txt', 'x');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await persistence.flush();
    expect((await seed.loadWorkspace()).value?.files).toEqual({ 'keep.txt': 'precious' });

    const sandbox = new FakeSandbox();
    sandbox.files = { 'other.txt': 'x' };
    persistence.follow(sandbox);
    expect(await persistence.reset(sandbox)).toBeUndefined();
    expect(persistence.problem).toBeUndefined();
    expect(sandbox.files).toEqual({});
    expect(await readAll(name)).toEqual({ files: {}, conversation: [], eventChunks: [] });
  });

  it('Reset workspace waits for a save in flight, so the old files do not come back', async () => {
    const name = freshName();
    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    let release: (() => void) | undefined;
    const slow = Object.assign(Object.create(store) as WorkspaceStore, {
      saveWorkspace: async (snapshot: Snapshot) => {
        await new Promise<void>((resolve) => (release = resolve));
        return store.saveWorkspace(snapshot);
      },
    });
    const persistence = new WorkspacePersistence({ store: slow, delayMs: 1 });
    const sandbox = new FakeSandbox();
    persistence.follow(sandbox);
    sandbox.write('old.txt', 'old');
    await vi.waitFor(() => expect(release).toBeDefined());
    const resetting = persistence.reset(sandbox);
    release?.();
    await resetting;
    await persistence.flush();
    expect(await readAll(name)).toEqual({ files: {}, conversation: [], eventChunks: [] });
  });

  it('saves nothing once another tab saves the workspace, not even on flush or Reset workspace', async () => {
    const name = freshName();
    const seed = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    await seed.saveWorkspace({ files: { 'theirs.txt': 'from the other tab' } });
    await seed.saveConversation({ log: LOG, permissionMode: 'plan' });
    const { persistence } = setup({ name, delayMs: 1 });
    const sandbox = new FakeSandbox();
    await persistence.restore(sandbox);
    await persistence.stopSaving(otherTabProblem());
    persistence.follow(sandbox);
    expect(persistence.problem).toBe(otherTabProblem());

    sandbox.write('mine.txt', 'only in this tab');
    persistence.workspaceChanged();
    persistence.conversationChanged({ log: [], permissionMode: 'acceptEdits' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await persistence.flush();
    expect(sandbox.files['mine.txt']).toBe('only in this tab'); // Work goes on in memory.
    expect(await persistence.reset(sandbox)).toBeUndefined();
    expect(sandbox.files).toEqual({});
    expect(persistence.problem).toBe(otherTabProblem());
    expect((await seed.loadWorkspace()).value?.files).toEqual({ 'theirs.txt': 'from the other tab' });
    expect((await seed.loadConversation()).value).toMatchObject({ log: LOG, permissionMode: 'plan' });
  });

  it('handing the workspace over saves what is pending first, then stops', async () => {
    const { name, persistence } = setup({ delayMs: 10_000 });
    const sandbox = new FakeSandbox();
    persistence.follow(sandbox);
    sandbox.write('late.txt', 'written just before the hand-over');
    persistence.conversationChanged({ log: LOG, permissionMode: 'acceptEdits' });
    await persistence.stopSaving(movedToOtherTabProblem());
    const saved = await readAll(name);
    expect(saved.files).toEqual({ 'late.txt': 'written just before the hand-over' });
    expect((await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadConversation()).value).toMatchObject({ log: LOG, permissionMode: 'acceptEdits' });
    expect(persistence.problem).toBe(movedToOtherTabProblem());

    sandbox.write('after.txt', 'kept in this tab');
    await persistence.flush();
    expect(Object.keys((await readAll(name)).files)).toEqual(['late.txt']);
  });

  it('hands back an unreadable conversation as a notice, and still restores the files', async () => {
    const name = freshName();
    const db = await openGlassboxDb({ name });
    await db.put('conversation', { messages: TRANSCRIPT.slice(0, 2), permissionMode: 'default', savedAt: 1 }, CURRENT_KEY);
    await db.put('files', { contents: 'a', hash: 'x' }, [CURRENT_KEY, 'a.txt']);
    db.close();
    const sandbox = new FakeSandbox();
    const restored = await setup({ name }).persistence.restore(sandbox);
    expect(restored.conversation).toBeUndefined();
    expect(restored.notice).toMatch(/could not be read.*Your files are kept/);
    expect(sandbox.files).toEqual({ 'a.txt': 'a' });
  });
});
