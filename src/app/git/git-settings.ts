/**
 * The git settings: who commits (author name and email) and which CORS proxy clones, fetches and
 * pushes go through, kept in localStorage (none of it is secret); and the token for private
 * repositories and push, kept in the IndexedDB secrets store like the model API keys (never
 * logged, exported or shared). `gitSettings()` answers synchronously from what was loaded at start
 * and saved since, so a `git commit` never waits on storage.
 */
import type { SettingsStorage } from '../settings/webcontainer-settings';

export interface GitSettings {
  authorName: string;
  authorEmail: string;
  /**
   * isomorphic-git's `corsProxy`: a URL the host and path are appended to
   * (`https://cors.isomorphic-git.org/github.com/owner/repo.git/info/refs…`). '' reaches hosts directly.
   */
  corsProxy: string;
  /** '' when none is set. */
  token: string;
}

export const GIT_SETTINGS_KEY = 'glassbox:git';

/** isomorphic-git's public demo proxy: fine to try things, stated in the settings and the README. */
export const DEFAULT_GIT_CORS_PROXY = 'https://cors.isomorphic-git.org';

export const DEFAULT_GIT_SETTINGS: GitSettings = {
  authorName: 'Glassbox User',
  authorEmail: 'user@glassbox.local',
  corsProxy: DEFAULT_GIT_CORS_PROXY,
  token: '',
};

let current: GitSettings = DEFAULT_GIT_SETTINGS;

function storage(): SettingsStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The settings as loaded at start and saved since. */
export function gitSettings(): GitSettings {
  return current;
}

function readPlain(store: SettingsStorage | undefined): Omit<GitSettings, 'token'> {
  const { token: _token, ...defaults } = DEFAULT_GIT_SETTINGS;
  try {
    const raw = store?.getItem(GIT_SETTINGS_KEY);
    if (!raw) return defaults;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return defaults;
    const field = (name: keyof typeof defaults): string => {
      const value = (parsed as Record<string, unknown>)[name];
      return typeof value === 'string' ? value.trim() : defaults[name];
    };
    return { authorName: field('authorName') || defaults.authorName, authorEmail: field('authorEmail') || defaults.authorEmail, corsProxy: field('corsProxy') };
  } catch {
    return defaults;
  }
}

/** Read the saved settings and token (at start, or when git is first used). */
export async function loadGitSettings(store: SettingsStorage | undefined = storage()): Promise<GitSettings> {
  const { settingsStore } = await import('../../store/settings');
  const token = (await settingsStore.loadGitToken()) ?? '';
  current = { ...readPlain(store), token };
  return current;
}

/** Save the settings (a token of '' forgets it). Returns a problem to show, if any. */
export async function saveGitSettings(next: GitSettings, store: SettingsStorage | undefined = storage()): Promise<string | undefined> {
  const plain = { authorName: next.authorName.trim(), authorEmail: next.authorEmail.trim(), corsProxy: next.corsProxy.trim().replace(/\/+$/, '') };
  let problem: string | undefined;
  try {
    store?.setItem(GIT_SETTINGS_KEY, JSON.stringify(plain));
  } catch {
    problem = 'The git settings are kept for this tab only: storage is not available.';
  }
  const { settingsStore } = await import('../../store/settings');
  const result = await settingsStore.saveGitToken(next.token);
  current = { ...readPlain(store), ...plain, token: next.token.trim() };
  if (!result.persisted) problem = `The git token is kept for this tab only: ${result.problem ?? 'storage is not available'}.`;
  return problem;
}
