/**
 * The sandbox boot as the UI sees it: the WebContainer boot state (mirrored from the page-wide
 * store by the lazy runtime), whether the fallback banner was dismissed, and Retry. Only types
 * come from src/sandbox here, so this module stays in the small first-paint chunk.
 */
import type { Sandbox } from '../../sandbox/port';
import type { BootState } from '../../sandbox/webcontainer/boot-state';
import { dismissedCause, forgetDismissal, rememberDismissal } from './banner-dismissal';
import type { Runtime } from '../state/runtime-types';

/**
 * What Retry needs from the app (the app store fits). Passed in rather than imported: the lazy
 * boot code (./sandbox-boot.ts) writes into this view, and the app store loads that boot code,
 * so importing the store here would close an import cycle.
 */
export interface BootRetryHost {
  start(): Promise<Runtime>;
  replaceSandbox(next: Sandbox): Promise<void>;
}

class BootView {
  state: BootState = $state.raw({ status: 'idle' });
  /**
   * The fallback cause whose banner the user closed, remembered across reloads: the banner stays
   * closed while the situation is the same, and comes back for another cause or after a Retry.
   */
  dismissedFor = $state<string | null>(dismissedCause());
  retrying = $state(false);
  /** A Retry that failed for a reason of its own (e.g. copying the workspace), not a fallback. */
  retryError = $state<string | null>(null);
  /** Set after a Retry moved the workspace onto WebContainer. */
  switched = $state(false);

  readonly fallback = $derived(this.state.status === 'fallback' ? this.state : null);
  readonly showBanner: boolean = $derived(
    this.fallback !== null && this.fallback.cause !== 'disabled' && (this.dismissedFor !== this.fallback.cause || this.retrying),
  );

  set(state: BootState): void {
    this.state = state;
    // WebContainer works again: a later fallback is news.
    if (state.status === 'ready') this.#forget();
  }

  dismiss(): void {
    const cause = this.fallback?.cause;
    if (cause === undefined) return;
    this.dismissedFor = cause;
    rememberDismissal(cause);
  }

  #forget(): void {
    this.dismissedFor = null;
    forgetDismissal();
  }

  /**
   * Try WebContainer again; on success move the session, terminal and file tree onto it with the
   * workspace copied over. Never boots twice: the page-wide booter shares a pending boot().
   */
  async retry(host: BootRetryHost): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    this.retryError = null;
    this.#forget(); // Asking again means wanting to see the answer.
    try {
      const runtime = await host.start();
      const next = await runtime.retryWebContainer();
      if (next !== runtime.sandbox) {
        await host.replaceSandbox(next);
        this.switched = true;
      }
    } catch (error) {
      this.retryError = error instanceof Error ? error.message : String(error);
    } finally {
      this.retrying = false;
    }
  }
}

export const bootView = new BootView();
