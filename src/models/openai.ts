import { currentPageOrigin } from './network-hint';
import { buildChatBody, type ChatRequestBody } from './openai-request';
import { OpenAIStreamMapper } from './openai-stream';
import type { ModelClient, ModelEvent, ModelRequest } from './port';
import { openAIHeaders } from './provider-headers';
import type { ProviderContext } from './provider-error';
import { defaultFetch, describeCall, openCall, pumpSse, trimBaseUrl, type FetchLike, type HttpCall, type HttpRequestDescription } from './transport';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAICompatibleConfig {
  /** Optional: local servers (Ollama, LM Studio, vLLM) usually need none. */
  apiKey?: string;
  /** Up to and including the version segment, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Provider id reported by the client; defaults to "openai". */
  provider?: string;
  /** Server name used in error messages, e.g. "Ollama"; defaults to "OpenAI-compatible server". */
  name?: string;
  /** Status-bar label; defaults to `name`. */
  label?: string;
  pageOrigin?: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** OpenAI Chat Completions, streamed, against OpenAI or any compatible base URL. */
export class OpenAICompatibleClient implements ModelClient {
  readonly provider: string;
  readonly label: string;
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly ctx: ProviderContext;
  /** Cleared for the client's lifetime when the server rejects `stream_options` (older local servers). */
  private includeUsage = true;

  constructor(private readonly config: OpenAICompatibleConfig) {
    this.baseUrl = trimBaseUrl(config.baseUrl || OPENAI_DEFAULT_BASE_URL);
    this.fetchImpl = config.fetch ?? defaultFetch();
    this.provider = config.provider ?? 'openai';
    const name = config.name ?? 'OpenAI-compatible server';
    this.label = config.label ?? name;
    const ctx: ProviderContext = { label: name, baseUrl: this.baseUrl };
    if (config.apiKey) ctx.apiKey = config.apiKey;
    const origin = config.pageOrigin ?? currentPageOrigin();
    if (origin) ctx.pageOrigin = origin;
    this.ctx = ctx;
  }

  body(request: ModelRequest): ChatRequestBody {
    const host = hostOf(this.baseUrl);
    return buildChatBody(request, {
      includeUsage: this.includeUsage,
      openaiApi: host === 'api.openai.com',
      openRouter: host === 'openrouter.ai',
    });
  }

  /** The HTTP request for `request`, with the Authorization header shown as "[redacted]". */
  describe(request: ModelRequest): HttpRequestDescription {
    return describeCall(this.call(request));
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    let opened = await openCall(this.ctx, this.call(request), this.fetchImpl, signal);
    if (!opened.ok && this.includeUsage && opened.error.kind === 'invalid_request' && /stream_options/i.test(opened.bodyText ?? '')) {
      // Not a retry of a failure: the server does not know the option, so ask again without it.
      this.includeUsage = false;
      opened = await openCall(this.ctx, this.call(request), this.fetchImpl, signal);
    }
    if (!opened.ok) {
      yield { type: 'error', error: opened.error };
      return;
    }
    yield* pumpSse(this.ctx, opened.response, new OpenAIStreamMapper(this.ctx), signal);
  }

  private call(request: ModelRequest): HttpCall {
    return { method: 'POST', url: `${this.baseUrl}/chat/completions`, headers: openAIHeaders(this.config.apiKey), body: this.body(request) };
  }
}
