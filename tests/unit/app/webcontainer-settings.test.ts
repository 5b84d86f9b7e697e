import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEBCONTAINER_SETTINGS,
  effectiveApiKey,
  loadWebContainerSettings,
  saveWebContainerSettings,
  WEBCONTAINER_SETTINGS_KEY,
  type SettingsStorage,
} from '../../../src/app/settings/webcontainer-settings';

function memoryStorage(): SettingsStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('WebContainer settings', () => {
  it('default to trying WebContainer with no key', () => {
    expect(loadWebContainerSettings(undefined)).toEqual(DEFAULT_WEBCONTAINER_SETTINGS);
    expect(loadWebContainerSettings(memoryStorage())).toEqual({ preferWebContainer: true, apiKey: '' });
  });

  it('round-trip, trimming the key, and store nothing for the defaults', () => {
    const storage = memoryStorage();
    expect(saveWebContainerSettings(storage, { preferWebContainer: false, apiKey: '  wc_api_abc  ' })).toBe(true);
    expect(loadWebContainerSettings(storage)).toEqual({ preferWebContainer: false, apiKey: 'wc_api_abc' });
    saveWebContainerSettings(storage, { preferWebContainer: true, apiKey: '' });
    expect(storage.data.has(WEBCONTAINER_SETTINGS_KEY)).toBe(false);
  });

  it('survive malformed or blocked storage', () => {
    const storage = memoryStorage();
    storage.data.set(WEBCONTAINER_SETTINGS_KEY, '{not json');
    expect(loadWebContainerSettings(storage)).toEqual(DEFAULT_WEBCONTAINER_SETTINGS);
    storage.data.set(WEBCONTAINER_SETTINGS_KEY, JSON.stringify({ preferWebContainer: 'yes', apiKey: 42 }));
    expect(loadWebContainerSettings(storage)).toEqual(DEFAULT_WEBCONTAINER_SETTINGS);
    const blocked: SettingsStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(loadWebContainerSettings(blocked)).toEqual(DEFAULT_WEBCONTAINER_SETTINGS);
    expect(saveWebContainerSettings(blocked, { preferWebContainer: false, apiKey: '' })).toBe(false);
  });

  it('use the key set here over the one built into the site', () => {
    expect(effectiveApiKey({ preferWebContainer: true, apiKey: 'mine' }, 'site')).toBe('mine');
    expect(effectiveApiKey({ preferWebContainer: true, apiKey: '' }, ' site ')).toBe('site');
    expect(effectiveApiKey({ preferWebContainer: true, apiKey: '' }, undefined)).toBeUndefined();
  });
});
