/**
 * The model settings as the always-loaded part of the app sees them: whether the dialog is
 * open, the saved choice (never the key) and any problem to show. Everything heavier — the
 * store, the provider modules, the dialog — loads on demand (see ./model-service.ts).
 */
import type { SavedModelSettings } from '../../store/settings';
import { app } from '../state/app-store.svelte';
import type { Runtime } from '../state/runtime-types';

/**
 * The part of ./model-service.ts that init() uses. The caller passes the loader: the service
 * writes into this state, so importing it from here would close an import cycle.
 */
export interface ModelServiceStart {
  loadSavedChoice(): Promise<void>;
  applyToRuntime(runtime: Runtime): void;
}

class ModelSettingsState {
  open = $state(false);
  /** The choice in effect, once read from storage (or saved in this tab). */
  saved: SavedModelSettings | null = $state.raw(null);
  /** What the user should know: storage unavailable, saved settings incomplete… */
  problem = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  /**
   * Read the saved choice now (so the header shows the right model early) and make every new
   * runtime switch to it before the first prompt is sent. Idempotent.
   */
  init(loadService: () => Promise<ModelServiceStart>): void {
    if (this.#loading) return;
    this.#loading = loadService()
      .then((service) => service.loadSavedChoice())
      .catch((error: unknown) => {
        this.problem = `Could not load the model settings: ${error instanceof Error ? error.message : String(error)}`;
      });
    const loading = this.#loading;
    app.onRuntime(async (runtime) => {
      await loading;
      const service = await loadService();
      service.applyToRuntime(runtime);
    });
  }

  /** Resolves once the saved choice has been read (or failed to be). */
  get ready(): Promise<void> {
    return this.#loading ?? Promise.resolve();
  }

  show(): void {
    this.open = true;
  }

  hide(): void {
    this.open = false;
  }
}

export const modelSettings = new ModelSettingsState();
