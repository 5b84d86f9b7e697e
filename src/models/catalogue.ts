import { record, type Json } from './json-fields';
import type { ModelPricing } from './model-pricing';
import { currentPageOrigin } from './network-hint';
import type { Usage } from './port';
import { abortedError, modelError, type ProviderContext } from './provider-error';
import { providerInfo, type ProviderId } from './providers';
import { defaultFetch, openCall, trimBaseUrl, type FetchLike } from './transport';
import { wireFormat, type WireId } from './wire';
import type { ListedModel, WireEndpoint } from './wire-format';

export type { ModelPricing } from './model-pricing';

export interface ModelInfo {
  id: string;
  wire: WireId;
  label: string;
  /** Other ids for the same model (dated snapshots). */
  aliases?: string[];
  contextWindow?: number;
  maxOutputTokens?: number;
  pricing?: ModelPricing;
  /** Takes a thinking budget (or reasoning effort). */
  thinking?: boolean;
}

/** Shown next to any cost: the catalogue's prices are a snapshot, not a bill. */
export const PRICES_NOTE = 'Prices as published by each provider (checked November 2026); they may change. Costs shown are estimates.';

/** Anthropic's cache prices: writes at 1.25× input, reads at 0.1× input. */
function claudePricing(inputPerMTok: number, outputPerMTok: number): ModelPricing {
  return { inputPerMTok, outputPerMTok, cacheWritePerMTok: inputPerMTok * 1.25, cacheReadPerMTok: inputPerMTok / 10 };
}

const CLAUDE_SONNET_4 = {
  ...claudePricing(3, 15),
  longContext: { aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cacheWritePerMTok: 7.5, cacheReadPerMTok: 0.6 },
};

/** GPT-6.x: a request with more than 272K input tokens is billed at 2× input and 1.5× output. */
function gpt6Pricing(inputPerMTok: number, outputPerMTok: number, cacheReadPerMTok: number): ModelPricing {
  return {
    inputPerMTok,
    outputPerMTok,
    cacheReadPerMTok,
    longContext: { aboveInputTokens: 272_000, inputPerMTok: inputPerMTok * 2, outputPerMTok: outputPerMTok * 1.5, cacheReadPerMTok: cacheReadPerMTok * 2 },
  };
}

/**
 * Well-known models: context windows, output limits and prices as published (they may change).
 * Models already shut down are left out; a retiring one stays until its shutdown date. Any id the
 * provider serves can still be typed in or listed from the provider.
 */
export const CATALOGUE: readonly ModelInfo[] = [
  // Anthropic (4.6 and later think adaptively: see ./wire/anthropic/thinking.ts)
  { id: 'claude-sonnet-5', wire: 'anthropic', label: 'Claude Sonnet 5', contextWindow: 1_000_000, maxOutputTokens: 128_000, thinking: true, pricing: claudePricing(2, 10) },
  { id: 'claude-opus-5-5', wire: 'anthropic', label: 'Claude Opus 5.5', contextWindow: 1_000_000, maxOutputTokens: 128_000, thinking: true, pricing: claudePricing(4, 20) },
  { id: 'claude-fable-5-1', wire: 'anthropic', label: 'Claude Fable 5.1', contextWindow: 1_000_000, maxOutputTokens: 128_000, thinking: true, pricing: claudePricing(10, 50) },
  { id: 'claude-opus-5', wire: 'anthropic', label: 'Claude Opus 5', contextWindow: 1_000_000, maxOutputTokens: 128_000, thinking: true, pricing: claudePricing(5, 25) },
  { id: 'claude-opus-4-6', wire: 'anthropic', label: 'Claude Opus 4.6', contextWindow: 1_000_000, maxOutputTokens: 128_000, thinking: true, pricing: claudePricing(5, 25) },
  { id: 'claude-sonnet-4-6', wire: 'anthropic', label: 'Claude Sonnet 4.6', contextWindow: 1_000_000, maxOutputTokens: 64_000, thinking: true, pricing: claudePricing(3, 15) },
  { id: 'claude-haiku-4-5', aliases: ['claude-haiku-4-5-20251001'], wire: 'anthropic', label: 'Claude Haiku 4.5', contextWindow: 200_000, maxOutputTokens: 64_000, thinking: true, pricing: claudePricing(1, 5) },
  { id: 'claude-opus-4-5', aliases: ['claude-opus-4-5-20251101'], wire: 'anthropic', label: 'Claude Opus 4.5', contextWindow: 200_000, maxOutputTokens: 64_000, thinking: true, pricing: claudePricing(5, 25) },
  { id: 'claude-sonnet-4-5', aliases: ['claude-sonnet-4-5-20250929'], wire: 'anthropic', label: 'Claude Sonnet 4.5', contextWindow: 200_000, maxOutputTokens: 64_000, thinking: true, pricing: CLAUDE_SONNET_4 },
  { id: 'claude-opus-4-1', aliases: ['claude-opus-4-1-20250805'], wire: 'anthropic', label: 'Claude Opus 4.1', contextWindow: 200_000, maxOutputTokens: 32_000, thinking: true, pricing: claudePricing(15, 75) },
  // OpenAI (cached input is billed at the cache-read price; cache writes are free)
  { id: 'gpt-6.1-sol', wire: 'openai', label: 'GPT-6.1 Sol', contextWindow: 1_050_000, maxOutputTokens: 128_000, thinking: true, pricing: gpt6Pricing(2, 10, 0.1) },
  { id: 'gpt-6.1-terra', wire: 'openai', label: 'GPT-6.1 Terra', contextWindow: 1_050_000, maxOutputTokens: 128_000, thinking: true, pricing: gpt6Pricing(1, 5, 0.05) },
  { id: 'gpt-6-luna', wire: 'openai', label: 'GPT-6 Luna', contextWindow: 1_050_000, maxOutputTokens: 128_000, thinking: true, pricing: gpt6Pricing(0.1, 0.5, 0.01) },
  // Retiring: GPT-5, GPT-5 mini and o3 on 11 December 2026; GPT-4.1 and GPT-4o on 14 January 2027.
  { id: 'gpt-5', wire: 'openai', label: 'GPT-5', contextWindow: 400_000, maxOutputTokens: 128_000, thinking: true, pricing: { inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125 } },
  { id: 'gpt-5-mini', wire: 'openai', label: 'GPT-5 mini', contextWindow: 400_000, maxOutputTokens: 128_000, thinking: true, pricing: { inputPerMTok: 0.25, outputPerMTok: 2, cacheReadPerMTok: 0.025 } },
  { id: 'o3', wire: 'openai', label: 'o3', contextWindow: 200_000, maxOutputTokens: 100_000, thinking: true, pricing: { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 } },
  { id: 'gpt-4.1', wire: 'openai', label: 'GPT-4.1', contextWindow: 1_047_576, maxOutputTokens: 32_768, pricing: { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 } },
  { id: 'gpt-4.1-mini', wire: 'openai', label: 'GPT-4.1 mini', contextWindow: 1_047_576, maxOutputTokens: 32_768, pricing: { inputPerMTok: 0.4, outputPerMTok: 1.6, cacheReadPerMTok: 0.1 } },
  { id: 'gpt-4o', wire: 'openai', label: 'GPT-4o', contextWindow: 128_000, maxOutputTokens: 16_384, pricing: { inputPerMTok: 2.5, outputPerMTok: 10, cacheReadPerMTok: 1.25 } },
  { id: 'gpt-4o-mini', wire: 'openai', label: 'GPT-4o mini', contextWindow: 128_000, maxOutputTokens: 16_384, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6, cacheReadPerMTok: 0.075 } },
  // Google (thinking tokens are billed as output). Gemini 2.0 and 2.5 Flash/Pro are shut down.
  // Gemini 3.8 Flash: half price until 31 December 2026 ($1.50 / $7.50 after).
  { id: 'gemini-3.8-flash', wire: 'gemini', label: 'Gemini 3.8 Flash', contextWindow: 1_048_576, maxOutputTokens: 65_536, thinking: true, pricing: { inputPerMTok: 0.75, outputPerMTok: 3.75, cacheReadPerMTok: 0.075 } },
  { id: 'gemini-3.5-flash-lite', wire: 'gemini', label: 'Gemini 3.5 Flash-Lite', contextWindow: 1_048_576, thinking: true },
  { id: 'gemini-4-argon', wire: 'gemini', label: 'Gemini 4 Argon', thinking: true },
];

function exact(id: string): ModelInfo | undefined {
  return CATALOGUE.find((model) => model.id === id || model.aliases?.includes(id));
}

/**
 * The catalogue entry for a model id, tolerating the spellings models go by elsewhere:
 * "models/gemini-2.5-pro", OpenRouter's "anthropic/claude-sonnet-4.5", dated snapshots.
 */
export function findModel(modelId: string): ModelInfo | undefined {
  const id = modelId.trim().toLowerCase();
  const candidates = [id, id.replace(/^models\//, '')];
  const unvendored = id.replace(/^[\w.-]+\//, '');
  candidates.push(unvendored, unvendored.replace(/(\d)\.(\d)/g, '$1-$2'));
  for (const candidate of [...candidates]) {
    candidates.push(candidate.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, ''));
  }
  for (const candidate of candidates) {
    const found = exact(candidate);
    if (found) return found;
  }
  return undefined;
}

export function catalogueFor(provider: ProviderId): ModelInfo[] {
  // The catalogue lists each vendor's own API; resellers and local servers have their own lists.
  return CATALOGUE.filter((model) => wireFormat(model.wire).vendor === provider);
}

/**
 * Estimated cost of one request in US dollars, or undefined when the model's prices are unknown.
 * `usage.inputTokens` excludes cached tokens (every client reports it that way).
 */
export function costUsd(modelId: string, usage: Usage, pricing: ModelPricing | undefined = findModel(modelId)?.pricing): number | undefined {
  if (!pricing) return undefined;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const totalInput = usage.inputTokens + cacheRead + cacheWrite;
  const tier = pricing.longContext && totalInput > pricing.longContext.aboveInputTokens ? pricing.longContext : pricing;
  const cost =
    usage.inputTokens * tier.inputPerMTok +
    usage.outputTokens * tier.outputPerMTok +
    cacheRead * (tier.cacheReadPerMTok ?? tier.inputPerMTok) +
    cacheWrite * (tier.cacheWritePerMTok ?? tier.inputPerMTok);
  return cost / 1_000_000;
}

export { formatUsd } from './format-usd';

/** A price per million tokens as providers write it: "$0.75", "$0.075", "$10". */
export function formatPrice(perMTok: number): string {
  return `$${Number(perMTok.toFixed(4))}`;
}

export interface ListModelsConfig {
  apiKey?: string;
  baseUrl?: string;
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Origin named in CORS hints; defaults to the page's. */
  pageOrigin?: string;
}

export interface ListModelsResult {
  models: ModelInfo[];
  /** 'catalogue' when the provider could not be asked; `error` then says why. */
  source: 'provider' | 'catalogue';
  error?: string;
}

/** A listed model, with what the catalogue knows about it filling the gaps the listing leaves. */
function fromListed(listed: ListedModel, wire: WireId): ModelInfo {
  const known = findModel(listed.id);
  const info: ModelInfo = { ...(known ?? {}), id: listed.id, wire, label: listed.label ?? known?.label ?? listed.id };
  if (listed.contextWindow !== undefined) info.contextWindow = listed.contextWindow;
  if (listed.maxOutputTokens !== undefined) info.maxOutputTokens = listed.maxOutputTokens;
  if (listed.pricing !== undefined) info.pricing = listed.pricing;
  if (listed.thinking !== undefined) info.thinking = listed.thinking;
  delete info.aliases;
  return info;
}

/**
 * The models the provider offers (Anthropic GET /v1/models, OpenAI-compatible GET /models,
 * Gemini GET /v1beta/models), with catalogue prices merged in. Falls back to the catalogue
 * when the provider cannot be asked. Any other id can still be typed in: this is a suggestion list.
 */
export async function listModels(provider: ProviderId, config: ListModelsConfig = {}): Promise<ListModelsResult> {
  const info = providerInfo(provider);
  const fallback = (error: string): ListModelsResult => ({ models: catalogueFor(provider), source: 'catalogue', error });
  if (!info) return fallback(`Unknown provider "${provider}".`);
  const baseUrl = trimBaseUrl(config.baseUrl?.trim() || info.defaultBaseUrl);
  const apiKey = config.apiKey?.trim() ?? '';
  const ctx: ProviderContext = { label: info.label, baseUrl };
  if (apiKey) ctx.apiKey = apiKey;
  // Hints then name the origin to allow (CORS), as a failed run's do.
  const origin = config.pageOrigin ?? currentPageOrigin();
  if (origin) ctx.pageOrigin = origin;
  if (info.needsKey && !apiKey) return fallback(`${info.label} needs an API key to list its models.`);
  const format = wireFormat(info.wire);
  const endpoint: WireEndpoint = { baseUrl };
  if (apiKey) endpoint.apiKey = apiKey;
  const signal = config.signal ?? new AbortController().signal;
  const opened = await openCall(ctx, format.listModelsCall(endpoint), config.fetch ?? defaultFetch(), signal);
  if (!opened.ok) return fallback(opened.error.message);
  let payload: Json | undefined;
  try {
    payload = record(await opened.response.json());
  } catch (error) {
    const failure = signal.aborted ? abortedError(ctx) : modelError(ctx, 'unknown', `${info.label} sent a model list that is not JSON (${String(error)})`);
    return fallback(failure.message);
  }
  if (!payload) return fallback(`${info.label} sent an unexpected model list.`);
  const models = format.parseModelList(payload, endpoint).map((listed) => fromListed(listed, format.id));
  return { models, source: 'provider' };
}
