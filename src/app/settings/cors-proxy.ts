/**
 * The CORS proxy WebFetch uses for hosts that send no CORS headers: a URL prefix to which the
 * page's URL is appended, URL-encoded (e.g. `https://proxy.example/?url=`). None by default: a
 * fetch such a host refuses fails with a message saying so. Kept in localStorage like the
 * WebContainer settings: it is no secret.
 */
import type { SettingsStorage } from './webcontainer-settings';

export const CORS_PROXY_KEY = 'glassbox:cors-proxy';

function storage(): SettingsStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // blocked by privacy settings
  }
}

/** The proxy prefix, or undefined when none is set (or storage is blocked). */
export function loadCorsProxy(store: SettingsStorage | undefined = storage()): string | undefined {
  try {
    const value = store?.getItem(CORS_PROXY_KEY)?.trim();
    return value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Set the proxy (an http(s) URL prefix), or clear it with ''. Returns a problem to show, if any. */
export function saveCorsProxy(value: string, store: SettingsStorage | undefined = storage()): string | undefined {
  const trimmed = value.trim();
  if (trimmed !== '' && !/^https?:\/\/\S+$/.test(trimmed)) return 'The CORS proxy must be an http(s) URL, e.g. https://proxy.example/?url=';
  try {
    if (trimmed === '') store?.removeItem(CORS_PROXY_KEY);
    else store?.setItem(CORS_PROXY_KEY, trimmed);
    return undefined;
  } catch {
    return 'The browser blocked saving the setting.';
  }
}
