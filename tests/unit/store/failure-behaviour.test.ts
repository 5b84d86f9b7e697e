import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/agent/event-log';
import type { Snapshot } from '../../../src/sandbox/port';
import { openGlassboxDb, type GlassboxDb } from '../../../src/store/db';
import { SettingsStore } from '../../../src/store/settings';
import { WorkspacePersistence, WorkspaceStore, type PersistedSandbox } from '../../../src/store/workspace-store';

let counter = 0;
const freshName = (): string => `glassbox-failure-test-${(counter += 1)}-${Date.now()}`;

const run = (prompt: string, at: number): LoggedEvent[] => [
  { at, event: { type: 'run_start', runId: `r${at}`, prompt, at } },
  { at: at + 1, event: { type: 'user_message', message: { role: 'user', content: prompt } } },
  { at: at + 2, event: { type: 'assistant_message', turn: 1, message: { role: 'assistant', content: [{ type: 'text', text: `answer to ${prompt}` }] } } },
  { at: at + 3, event: { type: 'run_end', reason: 'completed', at: at + 3 } },
];

/**
 * The tab closes in the middle of a save: the transaction is aborted once its first `put` has
 * run (the rest are queued), as a closing tab aborts a transaction that has not committed.
 */
function closingMidSave(db: GlassboxDb): { db: GlassboxDb; arm: () => void } {
  let armed = false;
  const wrapped = new Proxy(db, {
    get(target, property) {
      if (property !== 'transaction') {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (...args: Parameters<GlassboxDb['transaction']>) => {
        const tx = target.transaction(...args);
        if (!armed || args[1] !== 'readwrite') return tx;
        armed = false;
        let puts = 0;
        const wrapStore = <S extends object>(store: S): S =>
          new Proxy(store, {
            get(inner, key) {
              const value: unknown = Reflect.get(inner, key, inner);
              if (key !== 'put' || typeof value !== 'function') return typeof value === 'function' ? value.bind(inner) : value;
              return (...putArgs: unknown[]) => {
                const request = (value as (...a: unknown[]) => Promise<unknown>).apply(inner, putArgs);
                puts += 1;
                // Once the first write has landed in the transaction, the tab goes: nothing commits.
                if (puts === 1) request.then(() => tx.abort()).catch(() => undefined);
                return request;
              };
            },
          });
        return new Proxy(tx, {
          get(inner, key) {
            if (key === 'store') return inner.store ? wrapStore(inner.store) : inner.store;
            if (key === 'objectStore') return (name: Parameters<typeof inner.objectStore>[0]) => wrapStore(inner.objectStore(name));
            const value: unknown = Reflect.get(inner, key, inner);
            return typeof value === 'function' ? value.bind(inner) : value;
          },
        });
      };
    },
  });
  return { db: wrapped, arm: () => (armed = true) };
}

describe('an interrupted save', () => {
  it('leaves the last complete workspace and conversation readable, never a mix', async () => {
    const name = freshName();
    const { db, arm } = closingMidSave(await openGlassboxDb({ name }));
    const store = new WorkspaceStore({ open: () => Promise.resolve(db) });
    const first: Snapshot = { files: { 'a.txt': 'a1', 'b.txt': 'b1', 'c.txt': 'c1' } };
    expect((await store.saveWorkspace(first)).persisted).toBe(true);
    const log = run('first', 10);
    expect((await store.saveConversation({ log, permissionMode: 'plan' })).persisted).toBe(true);

    arm();
    const files = await store.saveWorkspace({ files: { 'a.txt': 'a2', 'b.txt': 'b2', 'd.txt': 'd2' } });
    expect(files.persisted).toBe(false);
    arm();
    const more = [...log, ...run('second', 20)];
    expect((await store.saveConversation({ log: more, permissionMode: 'default' })).persisted).toBe(false);

    // A fresh page reads the state of the last save that committed, whole.
    const reader = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    await reader.resolve();
    expect((await reader.loadWorkspace()).value).toEqual(first);
    const conversation = (await reader.loadConversation()).value;
    expect(conversation?.log).toEqual(log);
    expect(conversation?.permissionMode).toBe('plan');

    // The next save that goes through brings everything up to date (the failed one is written again).
    expect((await store.saveWorkspace({ files: { 'a.txt': 'a2', 'b.txt': 'b2', 'd.txt': 'd2' } })).persisted).toBe(true);
    expect((await store.saveConversation({ log: more, permissionMode: 'default' })).persisted).toBe(true);
    const again = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    await again.resolve();
    expect((await again.loadWorkspace()).value).toEqual({ files: { 'a.txt': 'a2', 'b.txt': 'b2', 'd.txt': 'd2' } });
    expect((await again.loadConversation()).value?.log).toEqual(more);
  });
});

describe('a database from a newer version of the app', () => {
  async function newerDatabase(name: string): Promise<void> {
    const db = await openDB(name, 99, {
      upgrade(created) {
        created.createObjectStore('settings');
        created.createObjectStore('future');
      },
    });
    await db.put('settings', { kept: true }, 'from-the-future');
    db.close();
  }

  it('is refused with a clear message and never downgraded; the page works in memory and saves nothing over it', async () => {
    const name = freshName();
    await newerDatabase(name);
    await expect(openGlassboxDb({ name })).rejects.toMatchObject({ name: 'VersionError' });

    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    const persistence = new WorkspacePersistence({ store, delayMs: 1 });
    const sandbox: PersistedSandbox = {
      snapshot: () => Promise.resolve({ files: { 'x.txt': 'in memory' } }),
      restore: () => Promise.resolve(),
      fs: {} as PersistedSandbox['fs'],
    };
    expect(await persistence.restore(sandbox)).toEqual({});
    expect(persistence.problem).toMatch(/^Your saved work was written by a newer version of Glassbox, so this older page leaves it untouched: .*kept only in this tab/);
    persistence.follow(sandbox);
    persistence.workspaceChanged();
    await persistence.flush();

    const settings = new SettingsStore({ open: () => openGlassboxDb({ name }) });
    expect(await settings.loadModelSettings()).toBeUndefined();
    expect(settings.problem).toMatch(/newer version of Glassbox.*kept only until this tab closes/);
    const untouched = await openDB(name);
    expect(untouched.version).toBe(99);
    expect([...untouched.objectStoreNames].sort()).toEqual(['future', 'settings']);
    expect(await untouched.get('settings', 'from-the-future')).toEqual({ kept: true });
    untouched.close();
  });
});
