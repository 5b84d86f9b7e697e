/**
 * The context meter's numbers: what the next request would take (a fold of the session's log,
 * ../../agent/context-accounting.ts), the chosen model's window (the catalogue's, or
 * DEFAULT_CONTEXT_WINDOW) and the compaction threshold. The catalogue comes with the runtime
 * chunk, so it is imported once the runtime is there and the first paint stays light.
 */
import { accountContext, type ContextAccount } from '../../agent/context-accounting';
import type { LoggedEvent } from '../../agent/event-log';
import { compactionThreshold, DEFAULT_CONTEXT_WINDOW } from '../../agent/context-budget';
import type { ModelInfo } from '../../models/catalogue';
import { app } from '../state/app-store.svelte';

const EMPTY: ContextAccount = { parts: [], used: 0, measured: 0, estimated: 0 };

class ContextMeter {
  #findModel: ((id: string) => ModelInfo | undefined) | null = $state.raw(null);
  #importing = false;

  /** What the next request would take, part by part. */
  readonly account: ContextAccount = $derived.by(() => {
    void app.view; // Every folded event may change it; the log itself is not reactive.
    const session = app.session;
    return session ? accountContext(session.log) : EMPTY;
  });

  /** The chosen model's context window, in tokens. */
  readonly window: number = $derived.by(() => {
    void app.modelLabel; // Changes when the model does.
    const session = app.session;
    if (session && !this.#findModel) this.#loadCatalogue();
    const found = session && this.#findModel ? this.#findModel(session.modelId) : undefined;
    return found?.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  });

  /** Where compaction starts, in tokens. */
  readonly threshold: number = $derived(compactionThreshold(this.window));

  /** Whether the window is the model's own or the default for unknown models. */
  readonly windowKnown: boolean = $derived.by(() => {
    void app.modelLabel;
    const session = app.session;
    return session !== null && this.#findModel !== null && this.#findModel(session.modelId)?.contextWindow !== undefined;
  });

  /** The model's name, for the `/context` view. */
  readonly modelLabel: string = $derived(app.modelLabel);

  /** A copy of the session's log as of the latest event, for the `/cost` view (computed only when read). */
  readonly log: readonly LoggedEvent[] = $derived.by(() => {
    void app.view;
    return app.session ? [...app.session.log] : [];
  });

  #loadCatalogue(): void {
    if (this.#importing) return;
    this.#importing = true;
    void import('../../models/catalogue')
      .then(({ findModel }) => {
        this.#findModel = findModel;
      })
      .catch(() => {
        this.#importing = false;
      });
  }
}

export const contextMeter = new ContextMeter();
