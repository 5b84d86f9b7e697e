/**
 * The WebContainer side of the sandbox, for the app. Nothing here loads @webcontainer/api:
 * the boot imports it on first use.
 *
 * At start:  await ensureCrossOriginIsolation()  (may reload the page once on static hosts)
 * Then:      const { sandbox, state } = await bootSandbox({ preferWebContainer, apiKey, createOffline })
 * Banner:    subscribe to webContainerBootState (a Svelte store); on 'fallback' show state.reason,
 *            state.hint and OFFLINE_STILL_WORKS, with Retry = bootSandbox(...) again.
 * Preview:   sandbox.onPreview / onPreviewError where sandbox.describe().capabilities.preview.
 */
export { createWebContainerSandbox, type WebContainerSandbox, type WebContainerSandboxOptions } from './adapter';
export {
  bootSandbox,
  browserBootEnvironment,
  DEFAULT_BOOT_TIMEOUT_MS,
  DEFAULT_PROBE_TIMEOUT_MS,
  getWebContainerBooter,
  webContainerBootState,
  WebContainerBooter,
  type BootEnvironment,
  type BootOutcome,
  type BootSandboxOptions,
  type WebContainerBootOptions,
} from './boot';
export { BootStateStore, describeFallback, OFFLINE_STILL_WORKS, type BootState, type FallbackCause } from './boot-state';
export { ensureCrossOriginIsolation, type CoiEnvironment, type CoiOutcome } from './coi';
export { DEFAULT_RUNTIME_ORIGIN } from './probe';
export type { WebContainerApiLike, WebContainerLike } from './types';
