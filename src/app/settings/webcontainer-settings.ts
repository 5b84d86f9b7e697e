/**
 * The WebContainer settings: whether to try WebContainer at all, and the WebContainer API key.
 *
 * Why localStorage and not the IndexedDB secrets store: the boot reads these before anything
 * else and must not wait on opening a database; and a WebContainer API key is not a user secret
 * like a model key. It is the site operator's client-side licence key (StackBlitz ties it to the
 * allowed origins), normally shipped in the page itself (VITE_WEBCONTAINER_API_KEY at build time).
 * The field exists so someone self-hosting Glassbox for commercial production use can set one
 * without rebuilding.
 */
export interface WebContainerSettings {
  preferWebContainer: boolean;
  /** '' when none is set here. */
  apiKey: string;
}

export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const WEBCONTAINER_SETTINGS_KEY = 'glassbox:webcontainer';

export const DEFAULT_WEBCONTAINER_SETTINGS: WebContainerSettings = { preferWebContainer: true, apiKey: '' };

/** Read the settings; anything missing, malformed or unreadable falls back to the defaults. */
export function loadWebContainerSettings(storage: SettingsStorage | undefined): WebContainerSettings {
  let raw: string | null;
  try {
    raw = storage?.getItem(WEBCONTAINER_SETTINGS_KEY) ?? null;
  } catch {
    return { ...DEFAULT_WEBCONTAINER_SETTINGS }; // Storage can be blocked (privacy settings).
  }
  if (raw === null) return { ...DEFAULT_WEBCONTAINER_SETTINGS };
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return { ...DEFAULT_WEBCONTAINER_SETTINGS };
    const record = value as Record<string, unknown>;
    return {
      preferWebContainer: typeof record.preferWebContainer === 'boolean' ? record.preferWebContainer : true,
      apiKey: typeof record.apiKey === 'string' ? record.apiKey.trim() : '',
    };
  } catch {
    return { ...DEFAULT_WEBCONTAINER_SETTINGS };
  }
}

/** Save; returns false when the browser refused (the setting then lasts for this page only). */
export function saveWebContainerSettings(storage: SettingsStorage | undefined, settings: WebContainerSettings): boolean {
  if (!storage) return false;
  try {
    const clean = { preferWebContainer: settings.preferWebContainer, apiKey: settings.apiKey.trim() };
    if (clean.preferWebContainer && clean.apiKey === '') storage.removeItem(WEBCONTAINER_SETTINGS_KEY);
    else storage.setItem(WEBCONTAINER_SETTINGS_KEY, JSON.stringify(clean));
    return true;
  } catch {
    return false;
  }
}

/** The key the boot uses: the one set here, else the one built into the site (if any). */
export function effectiveApiKey(settings: WebContainerSettings, builtIn: string | undefined): string | undefined {
  const key = settings.apiKey.trim() || (builtIn ?? '').trim();
  return key === '' ? undefined : key;
}

/** The browser's localStorage, or undefined where it is blocked or absent. */
export function browserSettingsStorage(): SettingsStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The key built into this deployment (Vite env at build time), if any. */
export function builtInApiKey(): string | undefined {
  const key: unknown = import.meta.env.VITE_WEBCONTAINER_API_KEY;
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
}
