import type { ModelClient, ModelRequest } from './port';
import type { FetchLike, HttpRequestDescription } from './transport';
import { wireFormat, type WireId } from './wire';
import type { WireClientConfig } from './wire-client';

export type ProviderId =
  | 'anthropic'
  | 'openai'
  | 'gemini'
  | 'openrouter'
  | 'groq'
  | 'together'
  | 'deepseek'
  | 'ollama'
  | 'lmstudio'
  | 'openai-compatible';

export interface ProviderInfo {
  id: ProviderId;
  label: string;
  /** The wire format it speaks (see ./wire). */
  wire: WireId;
  defaultBaseUrl: string;
  /** False for local servers, which take requests without a key. */
  needsKey: boolean;
  keyPlaceholder: string;
  /** May be '' where the model depends on what the user has installed. */
  defaultModel: string;
  /** Where to get a key. */
  keyUrl?: string;
  /** Runs on the user's machine (shown with CORS setup help). */
  local?: boolean;
  /** One line of setup help for the settings panel. */
  hint?: string;
}

/** Every provider the settings panel offers. OpenAI-compatible presets differ only in base URL and defaults. */
export const PROVIDERS: readonly ProviderInfo[] = [
  {
    id: 'anthropic',
    label: 'Anthropic',
    wire: 'anthropic',
    defaultBaseUrl: 'https://api.anthropic.com',
    needsKey: true,
    keyPlaceholder: 'sk-ant-…',
    defaultModel: 'claude-sonnet-5',
    keyUrl: 'https://console.anthropic.com/settings/keys',
  },
  {
    id: 'openai',
    label: 'OpenAI',
    wire: 'openai',
    defaultBaseUrl: 'https://api.openai.com/v1',
    needsKey: true,
    keyPlaceholder: 'sk-…',
    defaultModel: 'gpt-6.1-terra',
    keyUrl: 'https://platform.openai.com/api-keys',
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    wire: 'gemini',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    needsKey: true,
    keyPlaceholder: 'AIza…',
    defaultModel: 'gemini-3.8-flash',
    keyUrl: 'https://aistudio.google.com/apikey',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    wire: 'openai',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    needsKey: true,
    keyPlaceholder: 'sk-or-…',
    defaultModel: 'anthropic/claude-sonnet-5',
    keyUrl: 'https://openrouter.ai/keys',
  },
  {
    id: 'groq',
    label: 'Groq',
    wire: 'openai',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    needsKey: true,
    keyPlaceholder: 'gsk_…',
    defaultModel: 'openai/gpt-oss-120b',
    keyUrl: 'https://console.groq.com/keys',
  },
  {
    id: 'together',
    label: 'Together AI',
    wire: 'openai',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    needsKey: true,
    keyPlaceholder: 'your Together API key',
    defaultModel: 'openai/gpt-oss-120b',
    keyUrl: 'https://api.together.ai/settings/api-keys',
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    wire: 'openai',
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    needsKey: true,
    keyPlaceholder: 'sk-…',
    defaultModel: 'deepseek-chat',
    keyUrl: 'https://platform.deepseek.com/api_keys',
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    wire: 'openai',
    defaultBaseUrl: 'http://localhost:11434/v1',
    needsKey: false,
    keyPlaceholder: 'not needed',
    defaultModel: 'qwen2.5-coder:7b',
    local: true,
    hint: "Start Ollama with this page's origin allowed: OLLAMA_ORIGINS=<this page's origin> ollama serve",
  },
  {
    id: 'lmstudio',
    label: 'LM Studio (local)',
    wire: 'openai',
    defaultBaseUrl: 'http://localhost:1234/v1',
    needsKey: false,
    keyPlaceholder: 'not needed',
    defaultModel: '',
    local: true,
    hint: 'In LM Studio, start the server and turn on "Enable CORS" in its server settings.',
  },
  {
    id: 'openai-compatible',
    label: 'Other OpenAI-compatible (vLLM, llama.cpp, …)',
    wire: 'openai',
    defaultBaseUrl: 'http://localhost:8000/v1',
    needsKey: false,
    keyPlaceholder: 'optional',
    defaultModel: '',
    hint: "The server must allow this page's origin (CORS). The base URL usually ends in /v1.",
  },
];

/** "Other OpenAI-compatible (vLLM, …)" → "OpenAI-compatible", "Ollama (local)" → "Ollama": for status bars and messages. */
export function providerShortName(info: ProviderInfo): string {
  return info.label.replace(/ \(.*\)$/, '').replace(/^Other /, '');
}

export function providerInfo(id: string): ProviderInfo | undefined {
  return PROVIDERS.find((provider) => provider.id === id);
}

/** What the settings panel stores. `maxTokens` and thinking feed the session's requests, not the client. */
export interface ModelSettings {
  provider: ProviderId;
  model: string;
  /** Empty or absent: the provider's default. */
  baseUrl?: string;
  apiKey?: string;
  maxTokens?: number;
  thinking?: boolean;
  thinkingBudget?: number;
}

export const DEFAULT_MAX_TOKENS = 8192;
export const DEFAULT_THINKING_BUDGET = 4096;

export function defaultSettings(provider: ProviderId = 'anthropic'): ModelSettings {
  const info = providerInfo(provider) ?? PROVIDERS[0];
  return { provider, model: info?.defaultModel ?? '', maxTokens: DEFAULT_MAX_TOKENS, thinking: false, thinkingBudget: DEFAULT_THINKING_BUDGET };
}

/** Settings safe to persist outside this browser, export or share: never the key. */
export function withoutKey(settings: ModelSettings): Omit<ModelSettings, 'apiKey'> {
  const { apiKey: _key, ...rest } = settings;
  return rest;
}

/** A user-facing reason the settings cannot work yet, or undefined when they look complete. */
export function validateSettings(settings: ModelSettings): string | undefined {
  const info = providerInfo(settings.provider);
  if (!info) return `Unknown provider "${settings.provider}".`;
  if (info.needsKey && !settings.apiKey?.trim()) return `${info.label} needs an API key.`;
  if (!settings.model.trim()) return 'Choose or type a model id.';
  const baseUrl = settings.baseUrl?.trim() || info.defaultBaseUrl;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The base URL must start with http:// or https://.';
  } catch {
    return `The base URL "${baseUrl}" is not a valid URL.`;
  }
  if (settings.maxTokens !== undefined && (!Number.isInteger(settings.maxTokens) || settings.maxTokens < 1)) return 'Max output tokens must be a whole number of at least 1.';
  return undefined;
}

/** The request a thinking-enabled session would make: maxTokens and the thinking budget from settings. */
export function requestLimits(settings: ModelSettings): Pick<ModelRequest, 'maxTokens' | 'thinkingBudget'> {
  const limits: Pick<ModelRequest, 'maxTokens' | 'thinkingBudget'> = { maxTokens: settings.maxTokens ?? DEFAULT_MAX_TOKENS };
  if (settings.thinking) limits.thinkingBudget = settings.thinkingBudget ?? DEFAULT_THINKING_BUDGET;
  return limits;
}

export interface ClientOptions {
  /** Injected fetch (tests); defaults to the global one. */
  fetch?: FetchLike;
  /** Origin named in CORS hints; defaults to the page's. */
  pageOrigin?: string;
}

/** A provider client that can also show the HTTP request it would send, key redacted. */
export interface InspectableModelClient extends ModelClient {
  describe(request: ModelRequest): HttpRequestDescription;
}

/**
 * The client for `settings`. The client and the wire format's codec are imported on demand, so
 * the first paint carries neither and a user who never picks Gemini never downloads its code. Throws (with a key-free message) if the settings are incomplete.
 */
export async function createModelClient(settings: ModelSettings, options: ClientOptions = {}): Promise<InspectableModelClient> {
  const problem = validateSettings(settings);
  const info = providerInfo(settings.provider);
  if (problem || !info) throw new Error(problem ?? 'Unknown provider');
  const name = providerShortName(info);
  const config: WireClientConfig = {
    apiKey: settings.apiKey?.trim() ?? '',
    baseUrl: settings.baseUrl?.trim() || info.defaultBaseUrl,
    label: `${name} · ${settings.model}`,
    name,
    provider: info.id,
  };
  if (options.fetch) config.fetch = options.fetch;
  if (options.pageOrigin) config.pageOrigin = options.pageOrigin;
  const { createWireClient } = await import('./wire-client');
  return createWireClient(wireFormat(info.wire), config);
}

export interface ConnectionResult {
  ok: boolean;
  /** One line for the settings panel; never contains the key. */
  message: string;
  /** Time to the first answer event, when there was one. */
  latencyMs?: number;
  /** The model the provider says answered. */
  model?: string;
}

export interface TestConnectionOptions extends ClientOptions {
  signal?: AbortSignal;
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Make the smallest real call the provider allows (one output token) and report how it went. */
export async function testConnection(settings: ModelSettings, options: TestConnectionOptions = {}): Promise<ConnectionResult> {
  let client: ModelClient;
  try {
    client = await createModelClient(settings, options);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const controller = new AbortController();
  let timedOut = false;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const started = Date.now();
  const request: ModelRequest = {
    model: settings.model.trim(),
    system: '',
    messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
    tools: [],
    maxTokens: 1,
  };
  let model: string | undefined;
  let latencyMs: number | undefined;
  try {
    for await (const event of client.stream(request, controller.signal)) {
      latencyMs ??= Date.now() - started;
      if (event.type === 'message_start' && event.model) model = event.model;
      if (event.type === 'stop') {
        const result: ConnectionResult = { ok: true, message: `Connected: ${model ?? request.model} answered in ${latencyMs} ms.`, latencyMs };
        if (model) result.model = model;
        return result;
      }
      if (event.type === 'error') {
        if (event.error.kind === 'aborted') {
          return { ok: false, message: timedOut ? `No answer within ${formatDuration(timeoutMs)}.` : 'Connection test cancelled.' };
        }
        return { ok: false, message: event.error.message };
      }
    }
    return { ok: false, message: 'The provider closed the connection without answering.' };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}
