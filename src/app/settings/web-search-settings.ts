/**
 * The web search settings: which search API, kept in localStorage (no secret), and its key, kept
 * in the IndexedDB secrets store like the model API keys (never logged, exported or shared).
 * `searchCredentials()` is what the WebSearch tool reads: it answers synchronously from what was
 * loaded at start and saved since, so the tool list can be described without waiting on storage.
 */
import { searchProvider, type SearchCredentials } from '../../tools/web-search';
import type { SettingsStorage } from './webcontainer-settings';

export const SEARCH_PROVIDER_KEY = 'glassbox:search-provider';

let current: SearchCredentials | undefined;

function storage(): SettingsStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The chosen search API's id (the default one when none was chosen). */
export function loadSearchProvider(store: SettingsStorage | undefined = storage()): string {
  try {
    return searchProvider(store?.getItem(SEARCH_PROVIDER_KEY) ?? undefined).id;
  } catch {
    return searchProvider(undefined).id;
  }
}

/** The search API and key, or undefined while no key is set. */
export function searchCredentials(): SearchCredentials | undefined {
  return current;
}

/** Read the saved key (at start): WebSearch is offered from then on if there is one. */
export async function loadSearchSettings(): Promise<{ provider: string; key: string }> {
  const { settingsStore } = await import('../../store/settings');
  const key = (await settingsStore.loadSearchKey()) ?? '';
  const provider = loadSearchProvider();
  current = key === '' ? undefined : { provider, key };
  return { provider, key };
}

/** Save the search API and key ('' forgets the key). Returns a problem to show, if any. */
export async function saveSearchSettings(provider: string, key: string, store: SettingsStorage | undefined = storage()): Promise<string | undefined> {
  const id = searchProvider(provider).id;
  try {
    store?.setItem(SEARCH_PROVIDER_KEY, id);
  } catch {
    // the key below still counts; the choice falls back to the default next time
  }
  const { settingsStore } = await import('../../store/settings');
  const result = await settingsStore.saveSearchKey(key);
  const trimmed = key.trim();
  current = trimmed === '' ? undefined : { provider: id, key: trimmed };
  return result.persisted ? undefined : `The search API key is kept for this tab only: ${result.problem ?? 'storage is not available'}.`;
}
