/** Why the app runs on the offline sandbox instead of WebContainer. */
export type FallbackCause =
  /** The user turned WebContainer off in settings. */
  | 'disabled'
  /** The page is not cross-origin isolated (no COOP/COEP headers, no COI service worker). */
  | 'not-isolated'
  /** The browser has no SharedArrayBuffer even though the page is isolated. */
  | 'no-shared-array-buffer'
  /** The runtime origin did not answer (offline, blocked by a firewall or an extension). */
  | 'unreachable'
  /** boot() did not finish in time. */
  | 'timeout'
  /** boot() failed, or @webcontainer/api could not be loaded. */
  | 'boot-error';

/**
 * The visible boot state machine: idle → probing → booting → ready, or → fallback from any
 * step. `probing` covers the cheap checks (isolation, SharedArrayBuffer) and the network probe.
 */
export type BootState =
  | { status: 'idle' }
  | { status: 'probing'; since: number }
  | { status: 'booting'; since: number }
  | { status: 'ready'; workdir: string; ms: number; warning?: string }
  | {
      status: 'fallback';
      cause: FallbackCause;
      /** One sentence for the banner: "WebContainer could not start: …". */
      reason: string;
      /** What the user or the site owner can do about it, when there is something. */
      hint?: string;
      /**
       * A boot() that outlived our timeout and may still finish: 'pending' while it runs,
       * 'ready' once it did (a Retry will then be instant).
       */
      lateBoot?: 'pending' | 'ready';
      /**
       * What can bring WebContainer back: 'retry' (the Retry button), 'reload' (a boot() hangs
       * and the library will never start another in this page: only a reload can), or 'none'
       * (turned off in settings).
       */
      remedy?: 'retry' | 'reload' | 'none';
    };

/** What still works on the offline sandbox, for the fallback banner. */
export const OFFLINE_STILL_WORKS =
  'The files and the editor, the terminal (shell built-ins such as ls, cat, grep, sed), `node script.js` through the offline JavaScript runner, and the agent still work; npm, dev servers and previews need WebContainer.';

const PREFIX = 'WebContainer could not start: ';

/** The banner sentence and hint for a fallback cause. */
export function describeFallback(
  cause: FallbackCause,
  details: { runtimeOrigin?: string; timeoutMs?: number; error?: string } = {},
): { reason: string; hint?: string } {
  switch (cause) {
    case 'disabled':
      return { reason: 'WebContainer is turned off in settings.' };
    case 'not-isolated':
      return {
        reason: `${PREFIX}this page is not cross-origin isolated`,
        hint: 'Serve the app with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: credentialless, or let the COI service worker reload the page.',
      };
    case 'no-shared-array-buffer':
      return {
        reason: `${PREFIX}this browser does not support SharedArrayBuffer`,
        hint: 'Use a recent desktop Chromium-based browser (Chrome, Edge) or Firefox.',
      };
    case 'unreachable':
      return {
        reason: `${PREFIX}the runtime at ${details.runtimeOrigin ?? 'https://stackblitz.com'} could not be reached (offline?)`,
        hint: 'Check the network connection, or allow the site in a content blocker, then retry.',
      };
    case 'timeout':
      return {
        reason: `${PREFIX}the runtime did not answer within ${formatSeconds(details.timeoutMs ?? 0)} s`,
        hint: 'Its frame from stackblitz.com was probably blocked (a content blocker, or third-party cookies or frames turned off). This page cannot start it again: allow the site, then reload the page. On a slow connection it may still finish here by itself.',
      };
    case 'boot-error':
      return { reason: `${PREFIX}${details.error ?? 'boot failed'}` };
  }
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * A subscribable value. `subscribe` calls the listener at once with the current state and on
 * every change, and returns an unsubscribe function: the Svelte store contract, so a component
 * can read it as `$bootState`.
 */
export class BootStateStore {
  private state: BootState = { status: 'idle' };
  private readonly listeners = new Set<(state: BootState) => void>();

  get(): BootState {
    return this.state;
  }

  subscribe(listener: (state: BootState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  set(state: BootState): void {
    this.state = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
