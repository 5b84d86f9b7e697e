/**
 * The Hooks view's state: whether it is open, and a snapshot of the session's hooks (by settings
 * file, with their problems) and each hook's last run, taken again whenever the hook book changes
 * (a reload of the settings files, a hook run). `hooksView.show()` is what `/hooks` calls.
 */
import type { ConfiguredHook, HookFile } from '../../agent/hook-config';
import type { HookRunRecord } from '../../agent/hook-events';
import type { SessionApi } from '../../agent/session-contract';

export interface HooksSnapshot {
  files: readonly HookFile[];
  /** Hook id → its last run. */
  lastRuns: Readonly<Record<string, HookRunRecord>>;
}

const EMPTY: HooksSnapshot = { files: [], lastRuns: {} };

class HooksViewState {
  open = $state(false);
  view: HooksSnapshot = $state.raw(EMPTY);
  #session: SessionApi | null = null;
  #unsubscribe: (() => void) | null = null;

  attach(session: SessionApi): void {
    this.#unsubscribe?.();
    this.#session = session;
    this.#unsubscribe = session.hooks.onChange(() => this.#refresh());
    this.#refresh();
  }

  show(): void {
    this.open = true;
    // The settings files may have changed since the last run: read them again.
    void this.#session?.reloadWorkspaceRules().catch(() => undefined);
  }

  hide(): void {
    this.open = false;
  }

  #refresh(): void {
    const book = this.#session?.hooks;
    if (!book) return;
    const lastRuns: Record<string, HookRunRecord> = {};
    for (const hook of book.all()) {
      const run = book.lastRun(hook);
      if (run) lastRuns[hook.id] = run;
    }
    this.view = { files: book.files, lastRuns };
  }
}

export const hooksView = new HooksViewState();

export type { ConfiguredHook };
