import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openGlassboxDb } from '../../../src/store/db';
import { LessonProgressStore } from '../../../src/store/lesson-progress';

let counter = 0;
const freshName = (): string => `lesson-progress-${Date.now()}-${counter++}`;

describe('lesson progress', () => {
  it('keeps the first time each step happened, across stores (a reload)', async () => {
    const name = freshName();
    let now = 100;
    const first = new LessonProgressStore({ open: () => openGlassboxDb({ name }), now: () => now });
    expect(await first.loadAll()).toEqual(new Map());
    expect(await first.mark('the-loop', 'opened')).toEqual({ opened: 100 });
    now = 200;
    expect(await first.mark('the-loop', 'opened')).toEqual({ opened: 100 });
    expect(await first.mark('the-loop', 'runWatched')).toEqual({ opened: 100, runWatched: 200 });
    await first.mark('https://example.org/x.glassbox', 'passed');

    const second = new LessonProgressStore({ open: () => openGlassboxDb({ name }) });
    expect(await second.loadAll()).toEqual(
      new Map([
        ['the-loop', { opened: 100, runWatched: 200 }],
        ['https://example.org/x.glassbox', { passed: 200 }],
      ]),
    );
    expect(second.problem).toBeUndefined();
  });

  it('upgrades a v5 database by adding the store, keeping what was there', async () => {
    const name = freshName();
    const v5 = await openDB(name, 5, {
      upgrade(db) {
        for (const store of ['settings', 'secrets', 'workspace', 'conversation', 'eventChunks', 'files', 'blobs', 'checkpoints']) db.createObjectStore(store);
        db.createObjectStore('workspaces', { keyPath: 'id' });
        db.createObjectStore('sessions', { keyPath: 'id' });
      },
    });
    await v5.put('settings', { provider: 'demo', model: '' }, 'model');
    v5.close();
    const store = new LessonProgressStore({ open: () => openGlassboxDb({ name }) });
    await store.mark('tools', 'passed');
    const db = await openGlassboxDb({ name });
    expect(await db.get('settings', 'model')).toEqual({ provider: 'demo', model: '' });
    expect(await db.get('lessonProgress', 'tools')).toMatchObject({ passed: expect.any(Number) });
    db.close();
  });

  it('keeps progress in the tab and says why when storage fails', async () => {
    const store = new LessonProgressStore({ open: () => Promise.reject(new Error('IndexedDB is not available in this browser')) });
    expect(await store.mark('the-loop', 'opened')).toMatchObject({ opened: expect.any(Number) });
    expect(store.problem).toMatch(/kept in this tab only.*IndexedDB is not available/);
    expect((await store.loadAll()).get('the-loop')).toMatchObject({ opened: expect.any(Number) });
  });
});
