import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openGlassboxDb, type GlassboxDb } from '../../../src/store/db';
import { sanitizeModelSettings, SettingsStore, type SavedModelSettings } from '../../../src/store/settings';

let counter = 0;
function freshName(): string {
  counter += 1;
  return `glassbox-test-${counter}-${Date.now()}`;
}

function storeOn(name: string): SettingsStore {
  return new SettingsStore({ open: () => openGlassboxDb({ name }) });
}

// Built at runtime so no secret-looking literal sits in the repository.
const KEY = ['test', 'key', '123'].join('-');

const OPENAI_COMPATIBLE: SavedModelSettings = {
  provider: 'openai-compatible',
  model: 'mock-model',
  baseUrl: 'http://127.0.0.1:9999/v1',
  maxTokens: 2048,
  thinking: true,
  thinkingBudget: 1024,
};

describe('openGlassboxDb', () => {
  it('creates every store at the current version', async () => {
    const db = await openGlassboxDb({ name: freshName() });
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['blobs', 'checkpoints', 'conversation', 'eventChunks', 'files', 'lessonProgress', 'secrets', 'sessions', 'settings', 'workspace', 'workspaces']);
    db.close();
  });
});

describe('SettingsStore', () => {
  it('keeps model settings across store instances (a reload)', async () => {
    const name = freshName();
    const first = storeOn(name);
    expect(await first.loadModelSettings()).toBeUndefined();
    expect(await first.saveModelSettings(OPENAI_COMPATIBLE)).toEqual({ persisted: true });
    const reloaded = storeOn(name);
    expect(await reloaded.loadModelSettings()).toEqual(OPENAI_COMPATIBLE);
  });

  it('never writes a key into the settings store, even when one is passed by mistake', async () => {
    const name = freshName();
    const store = storeOn(name);
    const withKey = { ...OPENAI_COMPATIBLE, apiKey: KEY } as SavedModelSettings;
    await store.saveModelSettings(withKey);
    const db = await openGlassboxDb({ name });
    const everything = JSON.stringify(await db.getAll('settings'));
    db.close();
    expect(everything).toContain('mock-model');
    expect(everything).not.toContain(KEY);
    expect(await storeOn(name).loadModelSettings()).not.toHaveProperty('apiKey');
  });

  it('stores keys per provider in their own store, and forgets them', async () => {
    const name = freshName();
    const store = storeOn(name);
    await store.saveApiKey('anthropic', `  ${KEY}  `);
    await store.saveApiKey('openai', `${KEY}-b`);
    const reloaded = storeOn(name);
    expect(await reloaded.loadApiKey('anthropic')).toBe(KEY);
    expect(await reloaded.loadApiKey('openai')).toBe(`${KEY}-b`);
    expect(await reloaded.loadApiKey('gemini')).toBeUndefined();

    expect(await reloaded.forgetApiKey('anthropic')).toEqual({ persisted: true });
    expect(await reloaded.loadApiKey('anthropic')).toBeUndefined();
    expect(await storeOn(name).loadApiKey('anthropic')).toBeUndefined();
    expect(await storeOn(name).loadApiKey('openai')).toBe(`${KEY}-b`);

    const db = await openGlassboxDb({ name });
    expect(await db.getAllKeys('secrets')).toEqual(['openai']);
    db.close();
  });

  it('treats saving an empty key as forgetting it', async () => {
    const name = freshName();
    const store = storeOn(name);
    await store.saveApiKey('groq', KEY);
    await store.saveApiKey('groq', '   ');
    expect(await storeOn(name).loadApiKey('groq')).toBeUndefined();
  });

  it('keeps the web search key in the secrets store, apart from the model keys, and forgets it', async () => {
    const name = freshName();
    await storeOn(name).saveApiKey('openai', KEY);
    expect(await storeOn(name).loadSearchKey()).toBeUndefined();
    expect(await storeOn(name).saveSearchKey(`  ${KEY}-search `)).toEqual({ persisted: true });
    expect(await storeOn(name).loadSearchKey()).toBe(`${KEY}-search`);
    expect(await storeOn(name).loadApiKey('openai')).toBe(KEY);
    const db = await openGlassboxDb({ name });
    expect(await db.getAll('settings')).not.toContain(`${KEY}-search`);
    db.close();
    await storeOn(name).saveSearchKey('  ');
    expect(await storeOn(name).loadSearchKey()).toBeUndefined();
    expect(await storeOn(name).loadApiKey('openai')).toBe(KEY);
  });

  it('saves the demo choice', async () => {
    const name = freshName();
    await storeOn(name).saveModelSettings({ provider: 'demo', model: '' });
    expect(await storeOn(name).loadModelSettings()).toEqual({ provider: 'demo', model: '' });
  });

  it('saves the "You are the model" choice across a reload', async () => {
    const name = freshName();
    await storeOn(name).saveModelSettings({ provider: 'human', model: '' });
    expect(await storeOn(name).loadModelSettings()).toEqual({ provider: 'human', model: '' });
  });

  it('keeps everything in memory for the tab when IndexedDB is unavailable', async () => {
    const store = new SettingsStore({ open: () => Promise.reject(new Error('IndexedDB is not available in this browser')) });
    expect(await store.loadModelSettings()).toBeUndefined();
    expect(store.problem).toMatch(/Browser storage is unavailable \(IndexedDB is not available in this browser\)/);

    const result = await store.saveModelSettings(OPENAI_COMPATIBLE);
    expect(result.persisted).toBe(false);
    expect(result.problem).toMatch(/kept only until this tab closes/);
    expect(await store.loadModelSettings()).toEqual(OPENAI_COMPATIBLE);

    expect((await store.saveApiKey('openai-compatible', KEY)).persisted).toBe(false);
    expect(await store.loadApiKey('openai-compatible')).toBe(KEY);
    await store.forgetApiKey('openai-compatible');
    expect(await store.loadApiKey('openai-compatible')).toBeUndefined();
  });

  it('says so when storage is full, and still holds the change for this tab', async () => {
    const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const fullDb = {
      addEventListener: () => undefined,
      transaction: () => ({
        objectStore: () => ({ put: () => Promise.reject(quota()), delete: () => Promise.reject(quota()) }),
        done: Promise.reject(quota()),
      }),
    } as unknown as GlassboxDb;
    const store = new SettingsStore({ open: () => Promise.resolve(fullDb) });
    const result = await store.saveModelSettings(OPENAI_COMPATIBLE);
    expect(result).toEqual({ persisted: false, problem: expect.stringMatching(/^Browser storage is full/) });
    expect(await store.loadModelSettings()).toEqual(OPENAI_COMPATIBLE);
    expect((await store.saveApiKey('openai', KEY)).problem).toMatch(/storage is full/);
    expect(await store.loadApiKey('openai')).toBe(KEY);
  });

  it('reopens the database when its connection was closed', async () => {
    const name = freshName();
    let opened: GlassboxDb | undefined;
    let opens = 0;
    const store = new SettingsStore({
      open: async () => {
        opens += 1;
        opened = await openGlassboxDb({ name });
        return opened;
      },
    });
    await store.saveModelSettings(OPENAI_COMPATIBLE);
    opened?.close();
    expect(await store.saveModelSettings({ ...OPENAI_COMPATIBLE, model: 'second' })).toEqual({ persisted: true });
    expect(opens).toBe(2);
    expect((await storeOn(name).loadModelSettings())?.model).toBe('second');
  });
});

describe('sanitizeModelSettings', () => {
  it('drops a bad optional field alone, trims the base URL, and never keeps a field it does not know', () => {
    expect(sanitizeModelSettings({ provider: 'openai', model: 'm', baseUrl: '   ' })).toEqual({ provider: 'openai', model: 'm' });
    const messy = { provider: 'openai', model: 'm', baseUrl: ' http://x ', maxTokens: -1, thinking: 'no', apiKey: 'k' };
    expect(sanitizeModelSettings(messy)).toEqual({ provider: 'openai', model: 'm', baseUrl: 'http://x' });
    expect(sanitizeModelSettings({ provider: 'demo', model: 3, maxTokens: 5 })).toEqual({ provider: 'demo', model: '', maxTokens: 5 });
  });

  it('drops unknown providers and fields of the wrong type', () => {
    expect(sanitizeModelSettings({ provider: 'nope', model: 'x' })).toBeUndefined();
    expect(sanitizeModelSettings(null)).toBeUndefined();
    expect(sanitizeModelSettings({ provider: 'anthropic', model: 7, maxTokens: -1, thinking: 'yes', thinkingBudget: 1.5, baseUrl: ' ', apiKey: KEY })).toEqual({
      provider: 'anthropic',
      model: '',
    });
  });
});
