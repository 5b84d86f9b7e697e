/**
 * The context meter's numbers: what the next request would take (a fold of the session's log,
 * ../../agent/context-accounting.ts), the chosen model's window (the catalogue's, or
 * DEFAULT_CONTEXT_WINDOW) and the compaction threshold. The accounting and the catalogue load
 * with the runtime (there is nothing to count before it), so the first paint stays light.
 */
import type { ContextAccount } from '../../agent/context-accounting';
import type { LoggedEvent } from '../../agent/event-log';
import { compactionThreshold, DEFAULT_CONTEXT_WINDOW } from '../../agent/context-budget';
import type { ModelInfo } from '../../models/catalogue';
import { app } from '../state/app-store.svelte';

const EMPTY: ContextAccount = { parts: [], used: 0, measured: 0, estimated: 0 };

interface Counting {
  accountContext: (log: readonly LoggedEvent[]) => ContextAccount;
  findModel: (id: string) => ModelInfo | undefined;
}

class ContextMeter {
  #counting: Counting | null = $state.raw(null);
  #importing = false;

  /** What the next request would take, part by part. */
  readonly account: ContextAccount = $derived.by(() => {
    void app.view; // Every folded event may change it; the log itself is not reactive.
    const session = app.session;
    const counting = this.#counting;
    if (!session) return EMPTY;
    if (!counting) {
      this.#load();
      return EMPTY;
    }
    return counting.accountContext(session.log);
  });

  #model: ModelInfo | undefined = $derived.by(() => {
    void app.modelLabel; // Changes when the model does.
    const session = app.session;
    return session && this.#counting ? this.#counting.findModel(session.modelId) : undefined;
  });

  /** The chosen model's context window, in tokens. */
  readonly window: number = $derived(this.#model?.contextWindow ?? DEFAULT_CONTEXT_WINDOW);

  /** Whether the window is the model's own, not the default for unknown models. */
  readonly windowKnown: boolean = $derived(this.#model?.contextWindow !== undefined);

  /** Where compaction starts, in tokens. */
  readonly threshold: number = $derived(compactionThreshold(this.window));

  /** The model's name, for the `/context` view. */
  readonly modelLabel: string = $derived(app.modelLabel);

  /** A copy of the session's log as of the latest event, for the `/cost` view (computed only when read). */
  readonly log: readonly LoggedEvent[] = $derived.by(() => {
    void app.view;
    return app.session ? [...app.session.log] : [];
  });

  #load(): void {
    if (this.#importing) return;
    this.#importing = true;
    void Promise.all([import('../../agent/context-accounting'), import('../../models/catalogue')])
      .then(([{ accountContext }, { findModel }]) => {
        this.#counting = { accountContext, findModel };
      })
      .catch(() => {
        this.#importing = false;
      });
  }
}

export const contextMeter = new ContextMeter();
