/**
 * How the app gets its sandbox: WebContainer when it boots, else the offline sandbox with the
 * QuickJS `node` command. A small lazy chunk of its own (never on the first paint), so the
 * probe can run while the heavy runtime chunk is still loading; @webcontainer/api loads only
 * once the probe says the runtime origin is reachable.
 */
import { createGitCommand } from '../../git/cli/git-command';
import { withPageGit } from '../../git/page-git-sandbox';
import type { Sandbox } from '../../sandbox/port';
import { gitCliSettings, prepareGitSettings } from '../git/git-cli-settings';
import { bootSandbox, webContainerBootState } from '../../sandbox/webcontainer';
import { browserSettingsStorage, builtInApiKey, effectiveApiKey, loadWebContainerSettings } from '../settings/webcontainer-settings';
import { bootView } from './boot-view.svelte';

export interface SandboxBootSettings {
  /** False: go straight to the offline sandbox (the user turned WebContainer off). */
  preferWebContainer: boolean;
  /** WebContainer API key (commercial production use), configured before the first boot. */
  apiKey?: string;
}

/** The settings the boot uses: the user's choice, and the API key (theirs, else the site's). */
export function readBootSettings(): SandboxBootSettings {
  const settings = loadWebContainerSettings(browserSettingsStorage());
  const apiKey = effectiveApiKey(settings, builtInApiKey());
  return apiKey ? { preferWebContainer: settings.preferWebContainer, apiKey } : { preferWebContainer: settings.preferWebContainer };
}

/**
 * The offline sandbox modules (just-bash, the `node` command). Started at the beginning of the
 * boot, in parallel with the probe: offline, the probe fails in ~100 ms and the fallback then
 * needs them at once; online they are a download WebContainer's own boot dwarfs.
 */
function loadOfflineModules() {
  return Promise.all([import('../../sandbox/offline'), import('../../sandbox/js-runner')]);
}

/** The offline sandbox the app uses: just-bash plus `node` on the isolated QuickJS runner. */
export async function createAppOfflineSandbox(modules = loadOfflineModules()): Promise<Sandbox> {
  const [{ createOfflineSandbox }, { createNodeCommand }] = await modules;
  return createOfflineSandbox({ commands: [createNodeCommand(), createGitCommand(gitCliSettings, prepareGitSettings)] });
}

/**
 * The offline sandbox has `git` as a shell command; a sandbox without one (WebContainer) gets the
 * page's git for the agent's Bash tool (git-only command lines run on isomorphic-git in the page).
 */
function withGit(sandbox: Sandbox): Sandbox {
  return sandbox.capabilities.gitCommand ? sandbox : withPageGit(sandbox, { settings: gitCliSettings, prepare: prepareGitSettings });
}

let mirrored = false;

/** Mirror the page-wide boot state store into the view (status bar, banner). Once per page. */
function mirrorBootState(): void {
  if (mirrored) return;
  mirrored = true;
  webContainerBootState.subscribe((state) => bootView.set(state));
}

/** The first boot of the page. Never waits on a hang: the probe and the boot timeout bound it. */
export async function bootAppSandbox(settings: SandboxBootSettings = readBootSettings()): Promise<Sandbox> {
  mirrorBootState();
  const offlineModules = loadOfflineModules();
  offlineModules.catch(() => undefined); // Reported by createAppOfflineSandbox if it is needed.
  const { sandbox } = await bootSandbox({
    preferWebContainer: settings.preferWebContainer,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    createOffline: () => createAppOfflineSandbox(offlineModules),
  });
  return withGit(sandbox);
}

/**
 * Retry WebContainer while `current` (the offline sandbox) stays in use. Resolves with the new
 * WebContainer sandbox, or with `current` itself when it fell back again. Safe to call while a
 * boot is pending: the page-wide booter races the same boot() instead of booting twice.
 */
export async function retryWebContainer(current: Sandbox, settings: Pick<SandboxBootSettings, 'apiKey'> = readBootSettings()): Promise<Sandbox> {
  mirrorBootState();
  if (current.kind === 'webcontainer') return current;
  const { sandbox } = await bootSandbox({
    preferWebContainer: true,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    // On a second fallback nothing new is made: the sandbox in use stays.
    createOffline: () => current,
  });
  return sandbox === current ? current : withGit(sandbox);
}
