import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { MEMORY_DB_VERSION, MemoryError, MemoryStore, type MemoryDraft } from '../../../src/store/memory-store';

let dbCount = 0;
function freshName(): string {
  dbCount += 1;
  return `memory-test-${dbCount}-${Math.random().toString(36).slice(2)}`;
}

const draft = (name: string, extra: Partial<MemoryDraft> = {}): MemoryDraft => ({ name, description: `about ${name}`, type: 'user', body: `body of ${name}`, ...extra });

describe('MemoryStore', () => {
  it('creates, updates by name, lists most recent first, and survives a new store on the same database', async () => {
    const name = freshName();
    let clock = 1000;
    const store = new MemoryStore({ name, now: () => clock });
    const first = await store.save(draft('prefers-pnpm'));
    expect(first.created).toBe(true);
    clock = 2000;
    await store.save(draft('editor', { type: 'reference' }));
    clock = 3000;
    const updated = await store.save(draft('prefers-pnpm', { body: 'Use pnpm, never npm.' }));
    expect(updated.created).toBe(false);
    expect(updated.entry.id).toBe(first.entry.id);
    expect(updated.entry.created).toBe(1000);
    expect(updated.entry.updated).toBe(3000);

    const reopened = new MemoryStore({ name });
    const entries = await reopened.list();
    expect(entries.map((entry) => entry.name)).toEqual(['prefers-pnpm', 'editor']);
    expect(entries[0]?.body).toBe('Use pnpm, never npm.');
    expect(reopened.problem).toBeUndefined();
  });

  it('renames by id, refuses a name another entry has, and finds names ignoring case', async () => {
    const store = new MemoryStore({ name: freshName() });
    const a = await store.save(draft('alpha'));
    await store.save(draft('beta'));
    await expect(store.save({ ...draft('beta'), id: a.entry.id })).rejects.toThrow('Another memory is already named "beta".');
    await expect(store.save({ ...draft('alpha', { body: 'overwritten?' }), createOnly: true })).rejects.toThrow('Another memory is already named "alpha".');
    expect((await store.find('alpha'))?.body).toBe('body of alpha');
    const renamed = await store.save({ ...draft('gamma'), id: a.entry.id });
    expect(renamed.entry.id).toBe(a.entry.id);
    expect((await store.find('GAMMA'))?.id).toBe(a.entry.id);
    expect(await store.find('alpha')).toBeUndefined();
  });

  it('refuses drafts that break the rules with a clear message, and writes nothing', async () => {
    const store = new MemoryStore({ name: freshName() });
    await expect(store.save(draft(''))).rejects.toThrow('A memory needs a name.');
    await expect(store.save(draft('x', { description: ' ' }))).rejects.toThrow('one-line description');
    await expect(store.save(draft('x', { body: '' }))).rejects.toThrow('needs a body');
    await expect(store.save(draft('x', { body: 'b'.repeat(20_001) }))).rejects.toBeInstanceOf(MemoryError);
    await expect(store.save(draft('two\nlines'))).rejects.toThrow('one line');
    expect(await store.list()).toEqual([]);
  });

  it('deletes by id and tells listeners about every change', async () => {
    const store = new MemoryStore({ name: freshName() });
    let changes = 0;
    store.onChange(() => (changes += 1));
    const { entry } = await store.save(draft('temp'));
    expect((await store.delete(entry.id))?.name).toBe('temp');
    expect(await store.delete(entry.id)).toBeUndefined();
    expect(await store.list()).toEqual([]);
    expect(changes).toBe(2);
  });

  it('keeps two saves of one new name from making two entries', async () => {
    const store = new MemoryStore({ name: freshName() });
    await Promise.all([store.save(draft('same', { body: 'one' })), store.save(draft('same', { body: 'two' }))]);
    const entries = await store.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.body).toBe('two');
  });

  it('never downgrades a database from a newer version: it keeps memory in the tab and says so', async () => {
    const name = freshName();
    const newer = await openDB(name, MEMORY_DB_VERSION + 1, { upgrade: (db) => void db.createObjectStore('entries', { keyPath: 'id' }) });
    await newer.put('entries', { id: 'x', name: 'from-the-future' });
    newer.close();
    const store = new MemoryStore({ name });
    await store.save(draft('here'));
    expect(store.problem).toContain('newer version of Glassbox');
    expect((await store.list()).map((entry) => entry.name)).toEqual(['here']);
    const again = await openDB(name);
    expect(again.version).toBe(MEMORY_DB_VERSION + 1);
    expect(await again.getAll('entries')).toEqual([{ id: 'x', name: 'from-the-future' }]);
    again.close();
  });

  it('works in the tab only when asked (or when IndexedDB is missing)', async () => {
    const store = new MemoryStore({ inMemory: true });
    await store.save(draft('ephemeral'));
    expect((await store.list()).map((entry) => entry.name)).toEqual(['ephemeral']);
  });
});
