/**
 * The settings dialog's form state: what the user is editing, before Save. Switching provider
 * keeps what was typed for the previous one (this dialog only), and loads the saved key of the
 * new one from storage.
 */
import { catalogueFor, listModels, type ModelInfo } from '../../models/catalogue';
import { DEFAULT_MAX_TOKENS, DEFAULT_THINKING_BUDGET, providerInfo, providerShortName, testConnection, type ConnectionResult, type ProviderId, type ProviderInfo } from '../../models/providers';
import type { ModelChoice, SavedModelSettings } from '../../store/settings';
import { forgetKey, saveChoice, savedKey, withKey } from './model-service';
import { modelsNote } from './model-words';

interface Typed {
  model: string;
  baseUrl: string;
  apiKey: string;
}

/** A whole number of at least 1, or undefined (number inputs bind `null` when empty). */
function count(value: number | null): number | undefined {
  return value !== null && Number.isInteger(value) && value >= 1 ? value : undefined;
}

export class ModelDraft {
  provider = $state<ModelChoice>('demo');
  model = $state('');
  baseUrl = $state('');
  apiKey = $state('');
  showKey = $state(false);
  maxTokens = $state<number | null>(DEFAULT_MAX_TOKENS);
  thinking = $state(false);
  thinkingBudget = $state<number | null>(DEFAULT_THINKING_BUDGET);
  /** Model suggestions: the catalogue, or the provider's own list once fetched. */
  models: ModelInfo[] = $state.raw([]);
  modelsNote = $state<string | null>(null);
  listing = $state(false);
  testing = $state(false);
  testResult: ConnectionResult | null = $state.raw(null);
  /** Why Save did not go through. */
  error = $state<string | null>(null);
  /** Something that happened (key forgotten, saved for this tab only). */
  notice = $state<string | null>(null);
  saving = $state(false);
  /** Saved, but the dialog stayed open to show a notice (storage trouble). */
  savedWithNotice = $state(false);
  /** True once a saved key exists for the current provider. */
  hasSavedKey = $state(false);

  readonly info: ProviderInfo | undefined = $derived(this.provider === 'demo' ? undefined : providerInfo(this.provider));

  readonly #saved: SavedModelSettings;
  /** What was typed per provider in this dialog (not reactive: only read when switching). */
  readonly #typed: Partial<Record<ModelChoice, Typed>> = {};
  #controller = new AbortController();
  #testController: AbortController | null = null;
  #keyRequest = 0;

  constructor(saved: SavedModelSettings) {
    this.#saved = saved;
    this.provider = saved.provider;
    this.maxTokens = saved.maxTokens ?? DEFAULT_MAX_TOKENS;
    this.thinking = saved.thinking ?? false;
    this.thinkingBudget = saved.thinkingBudget ?? DEFAULT_THINKING_BUDGET;
    this.#fillFor(saved.provider);
  }

  /** Load the saved key of the provider shown first. */
  async load(): Promise<void> {
    await this.#loadKey(this.provider);
  }

  /** Stop a test or a model listing still going (dialog closed). */
  dispose(): void {
    this.#controller.abort();
  }

  async setProvider(next: ModelChoice): Promise<void> {
    if (next === this.provider) return;
    this.#typed[this.provider] = { model: this.model, baseUrl: this.baseUrl, apiKey: this.apiKey };
    this.provider = next;
    this.testResult = null;
    this.error = null;
    this.notice = null;
    this.showKey = false;
    this.#fillFor(next);
    if (this.#typed[next] === undefined) await this.#loadKey(next);
  }

  #fillFor(choice: ModelChoice): void {
    const typed = this.#typed[choice];
    const info = choice === 'demo' ? undefined : providerInfo(choice);
    const saved = this.#saved.provider === choice ? this.#saved : undefined;
    this.model = typed?.model ?? saved?.model ?? info?.defaultModel ?? '';
    this.baseUrl = typed?.baseUrl ?? saved?.baseUrl ?? info?.defaultBaseUrl ?? '';
    this.apiKey = typed?.apiKey ?? '';
    this.models = choice === 'demo' ? [] : catalogueFor(choice);
    this.modelsNote = null;
    this.hasSavedKey = false;
  }

  async #loadKey(choice: ModelChoice): Promise<void> {
    if (choice === 'demo') return;
    const request = ++this.#keyRequest;
    const key = await savedKey(choice);
    // The user may have switched provider (or started typing) while storage answered.
    if (request !== this.#keyRequest || this.provider !== choice) return;
    this.hasSavedKey = key !== undefined;
    if (key !== undefined && this.apiKey === '') this.apiKey = key;
  }

  /** The dialog's values as saved settings (never the key). */
  toSaved(): SavedModelSettings {
    const info = this.info;
    if (!info) return { provider: 'demo', model: '' };
    const saved: SavedModelSettings = { provider: info.id, model: this.model.trim(), thinking: this.thinking };
    const baseUrl = this.baseUrl.trim();
    if (baseUrl !== '' && baseUrl !== info.defaultBaseUrl) saved.baseUrl = baseUrl;
    const maxTokens = count(this.maxTokens);
    if (maxTokens !== undefined) saved.maxTokens = maxTokens;
    const budget = count(this.thinkingBudget);
    if (budget !== undefined) saved.thinkingBudget = budget;
    return saved;
  }

  /** A problem with the numbers, in words; the rest is checked by validateSettings. */
  check(): string | undefined {
    if (!this.info) return undefined;
    if (count(this.maxTokens) === undefined) return 'Max output tokens must be a whole number of at least 1.';
    if (this.thinking && count(this.thinkingBudget) === undefined) return 'The thinking budget must be a whole number of at least 1.';
    return undefined;
  }

  async testConnection(): Promise<void> {
    const settings = withKey(this.toSaved(), this.apiKey.trim());
    const problem = this.check();
    if (!settings || problem) {
      this.testResult = { ok: false, message: problem ?? 'The demo model needs no connection.' };
      return;
    }
    this.testing = true;
    this.testResult = null;
    // Its own controller, so Cancel stops this test without closing the dialog (closing still stops it).
    const test = new AbortController();
    this.#testController = test;
    try {
      this.testResult = await testConnection(settings, { signal: AbortSignal.any([this.#controller.signal, test.signal]) });
    } finally {
      this.testing = false;
      this.#testController = null;
    }
    // The base URL and key just worked: offer the provider's own model list.
    if (this.testResult?.ok) void this.listModels();
  }

  /** Stop a connection test that is still waiting for the provider. */
  cancelTest(): void {
    this.#testController?.abort();
  }

  async listModels(): Promise<void> {
    const info = this.info;
    if (!info) return;
    this.listing = true;
    try {
      const config: { apiKey?: string; baseUrl: string; signal: AbortSignal } = { baseUrl: this.baseUrl.trim(), signal: this.#controller.signal };
      if (this.apiKey.trim()) config.apiKey = this.apiKey.trim();
      const result = await listModels(info.id, config);
      if (this.provider !== info.id) return;
      this.models = result.models;
      this.modelsNote = modelsNote(result, providerShortName(info));
    } finally {
      this.listing = false;
    }
  }

  async forgetKey(): Promise<void> {
    const info = this.info;
    if (!info) return;
    const id: ProviderId = info.id;
    const outcome = await forgetKey(id);
    this.apiKey = '';
    this.hasSavedKey = false;
    this.showKey = false;
    delete this.#typed[id];
    const base = `The ${info.label} key is forgotten: it is no longer stored in this browser.`;
    this.notice = [base, outcome.switchedToDemo ? 'The agent uses the demo model until you save a key.' : '', outcome.problem ?? '']
      .filter((part) => part !== '')
      .join(' ');
  }

  /** Save; resolves true when the dialog can close. */
  async save(): Promise<boolean> {
    const problem = this.check();
    if (problem) {
      this.error = problem;
      return false;
    }
    this.saving = true;
    this.error = null;
    try {
      const outcome = await saveChoice(this.toSaved(), this.apiKey);
      if (!outcome.ok) {
        this.error = outcome.error;
        return false;
      }
      if (outcome.problem) {
        // Saved, but only for this tab: say so before closing.
        this.notice = `Saved for this tab only. ${outcome.problem}`;
        this.savedWithNotice = true;
        return false;
      }
      return true;
    } finally {
      this.saving = false;
    }
  }
}
