/**
 * The settings dialog's form state: what the user is editing, before Save. Switching provider
 * keeps what was typed for the previous one (this dialog only), and loads the saved key of the
 * new one from storage.
 */
import { catalogueFor, listModels, type ModelInfo } from '../../models/catalogue';
import { DEFAULT_MAX_TOKENS, DEFAULT_THINKING_BUDGET, providerInfo, providerShortName, testConnection, type ConnectionResult, type ProviderId, type ProviderInfo } from '../../models/providers';
import { capNotice, capWords, linkCapUsd } from './link-spend-cap';
import type { LimitsSettings, ModelChoice, SavedModelSettings } from '../../store/settings';
import { DEFAULT_MAX_TURNS } from '../../agent/run-settings';
import { DEFAULT_CONTEXT_SETTINGS } from '../../agent/context-budget';
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

/** A positive number (a cap in dollars), or undefined. */
function amount(value: number | null): number | undefined {
  return value !== null && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A whole number of at least 0, or undefined. */
function tokens(value: number | null): number | undefined {
  return value !== null && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export class ModelDraft {
  maxTurns = $state<number | null>(DEFAULT_MAX_TURNS);
  spendCapUsd = $state<number | null>(null);
  spendCapTokens = $state<number | null>(null);
  contextWindow = $state<number | null>(null);
  autoCompact = $state(DEFAULT_CONTEXT_SETTINGS.autoCompact);
  outputReserve = $state<number | null>(DEFAULT_CONTEXT_SETTINGS.outputReserve);
  buffer = $state<number | null>(DEFAULT_CONTEXT_SETTINGS.buffer);
  microCompact = $state(DEFAULT_CONTEXT_SETTINGS.microCompact);
  keepToolResults = $state<number | null>(DEFAULT_CONTEXT_SETTINGS.keepToolResults);
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
    const limits = saved.limits ?? {};
    this.maxTurns = limits.maxTurns ?? DEFAULT_MAX_TURNS;
    this.spendCapUsd = limits.spendCapUsd ?? null;
    this.spendCapTokens = limits.spendCapTokens ?? null;
    this.contextWindow = limits.contextWindow ?? null;
    this.autoCompact = limits.autoCompact ?? DEFAULT_CONTEXT_SETTINGS.autoCompact;
    this.outputReserve = limits.outputReserve ?? DEFAULT_CONTEXT_SETTINGS.outputReserve;
    this.buffer = limits.buffer ?? DEFAULT_CONTEXT_SETTINGS.buffer;
    this.microCompact = limits.microCompact ?? DEFAULT_CONTEXT_SETTINGS.microCompact;
    this.keepToolResults = limits.keepToolResults ?? DEFAULT_CONTEXT_SETTINGS.keepToolResults;
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
    this.models = info ? catalogueFor(info.id) : [];
    this.modelsNote = null;
    this.hasSavedKey = false;
  }

  async #loadKey(choice: ModelChoice): Promise<void> {
    if (choice === 'demo' || choice === 'human') return;
    const request = ++this.#keyRequest;
    const key = await savedKey(choice);
    // The user may have switched provider (or started typing) while storage answered.
    if (request !== this.#keyRequest || this.provider !== choice) return;
    this.hasSavedKey = key !== undefined;
    if (key !== undefined && this.apiKey === '') this.apiKey = key;
  }

  /** The limits and context fields as saved (unset ones left out). */
  limits(): LimitsSettings | undefined {
    const all: LimitsSettings = {
      maxTurns: count(this.maxTurns),
      spendCapUsd: amount(this.spendCapUsd),
      spendCapTokens: count(this.spendCapTokens),
      contextWindow: count(this.contextWindow),
      autoCompact: this.autoCompact,
      outputReserve: tokens(this.outputReserve),
      buffer: tokens(this.buffer),
      microCompact: this.microCompact,
      keepToolResults: count(this.keepToolResults),
    };
    const set = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined)) as LimitsSettings;
    return Object.keys(set).length > 0 ? set : undefined;
  }

  /** The dialog's values as saved settings (never the key). */
  toSaved(): SavedModelSettings {
    const info = this.info;
    const limits = this.limits();
    // The demo and "You are the model" have no provider: only the limits go with them.
    const keyless = this.provider === 'human' ? 'human' : 'demo';
    if (!info) return limits ? { provider: keyless, model: '', limits } : { provider: keyless, model: '' };
    const saved: SavedModelSettings = { provider: info.id, model: this.model.trim(), thinking: this.thinking, ...(limits ? { limits } : {}) };
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
    const limits = this.limitsProblem();
    if (limits) return limits;
    if (!this.info) return undefined;
    if (count(this.maxTokens) === undefined) return 'Max output tokens must be a whole number of at least 1.';
    if (this.thinking && count(this.thinkingBudget) === undefined) return 'The thinking budget must be a whole number of at least 1.';
    return undefined;
  }

  /** A problem with the limits and context numbers, in words. */
  limitsProblem(): string | undefined {
    if (count(this.maxTurns) === undefined) return 'Max turns per run must be a whole number of at least 1.';
    if (this.spendCapUsd !== null && amount(this.spendCapUsd) === undefined) return 'The spend cap must be an amount above $0, or empty for no cap.';
    const linkCap = linkCapUsd();
    if (linkCap !== undefined && this.spendCapUsd !== null && this.spendCapUsd > linkCap) {
      return `${capNotice(linkCap)} in this tab: the spend cap cannot be higher (empty keeps ${capWords(linkCap)}).`;
    }
    if (this.spendCapTokens !== null && count(this.spendCapTokens) === undefined) return 'The token cap must be a whole number of at least 1, or empty for no cap.';
    if (this.contextWindow !== null && (count(this.contextWindow) ?? 0) < 1000) return 'The context window must be at least 1,000 tokens, or empty for the model\'s own.';
    if (tokens(this.outputReserve) === undefined || tokens(this.buffer) === undefined) return 'The output reserve and the buffer must be whole numbers of tokens.';
    if (count(this.keepToolResults) === undefined) return 'Recent tool results kept must be a whole number of at least 1.';
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
