/**
 * The preview panel's store: follows the current sandbox's preview events (a server opening
 * or closing a port) and the errors its pages report. The errors reach the agent through the
 * Session, which subscribes to the same sandbox (src/agent/preview-errors.ts); this store only
 * shows them.
 */
import type { Sandbox } from '../../sandbox/port';
import { addPreviewError, applyPreviewEvent, emptyPreview, type PreviewModel } from './preview-model';

class PreviewStore {
  model: PreviewModel = $state.raw(emptyPreview());
  /** Bumped by Reload: the iframe is re-created with the same URL. */
  reloads = $state(0);

  #sandbox: Sandbox | null = null;
  #unsubscribe: Array<() => void> = [];

  /** Follow a sandbox (idempotent); a new sandbox starts with no previews. */
  attach(sandbox: Sandbox | null): void {
    if (sandbox === this.#sandbox) return;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#sandbox = sandbox;
    this.model = emptyPreview();
    if (!sandbox) return;
    const off = sandbox.onPreview?.((event) => (this.model = applyPreviewEvent(this.model, event)));
    const offErrors = sandbox.onPreviewError?.((error) => (this.model = addPreviewError(this.model, error)));
    if (off) this.#unsubscribe.push(off);
    if (offErrors) this.#unsubscribe.push(offErrors);
  }

  show(port: number): void {
    this.model = { ...this.model, active: port, hidden: false };
  }

  hide(): void {
    this.model = { ...this.model, hidden: true };
  }

  reload(): void {
    this.reloads += 1;
  }

  clearErrors(): void {
    this.model = { ...this.model, errors: [] };
  }
}

export const preview = new PreviewStore();
