/** The Git fields of the settings dialog (author, CORS proxy for git, token), before Save. */
import { DEFAULT_GIT_CORS_PROXY, gitSettings, loadGitSettings, saveGitSettings } from './git-settings';

/** Why a CORS proxy for git cannot be used, or undefined ('' is fine: hosts are reached directly). */
export function gitProxyProblem(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^https?:\/\//i.test(trimmed) && URL.canParse(trimmed)) return undefined;
  return `"${trimmed}" is not an http(s) URL. Use e.g. ${DEFAULT_GIT_CORS_PROXY}, or leave it empty to reach git hosts directly.`;
}

export class GitDraft {
  authorName = $state(gitSettings().authorName);
  authorEmail = $state(gitSettings().authorEmail);
  corsProxy = $state(gitSettings().corsProxy);
  token = $state('');
  showToken = $state(false);
  proxyError = $state<string | null>(null);
  /** Saved, but only for this tab. */
  notice = $state<string | null>(null);

  async load(): Promise<void> {
    const saved = await loadGitSettings();
    this.authorName = saved.authorName;
    this.authorEmail = saved.authorEmail;
    this.corsProxy = saved.corsProxy;
    this.token = saved.token;
  }

  /** Save; false (with `proxyError` set) when the proxy is not a URL: nothing is saved then. */
  async save(): Promise<boolean> {
    const problem = gitProxyProblem(this.corsProxy);
    this.proxyError = problem ?? null;
    if (problem !== undefined) return false;
    this.notice = (await saveGitSettings({ authorName: this.authorName, authorEmail: this.authorEmail, corsProxy: this.corsProxy, token: this.token })) ?? null;
    return true;
  }
}
