import { buildAnthropicBody, type AnthropicRequestBody } from './anthropic-request';
import { AnthropicStreamMapper } from './anthropic-stream';
import { currentPageOrigin } from './network-hint';
import type { ModelClient, ModelEvent, ModelRequest } from './port';
import { anthropicHeaders } from './provider-headers';
import type { ProviderContext } from './provider-error';
import { defaultFetch, describeCall, openCall, pumpSse, trimBaseUrl, type FetchLike, type HttpCall, type HttpRequestDescription } from './transport';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export { ANTHROPIC_VERSION, anthropicHeaders } from './provider-headers';

export interface AnthropicConfig {
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  /** Status-bar label; defaults to "Anthropic". */
  label?: string;
  /** Origin named in CORS hints; defaults to the page's. */
  pageOrigin?: string;
}

/** Anthropic Messages API, streamed over SSE, straight from the browser. */
export class AnthropicClient implements ModelClient {
  readonly provider = 'anthropic';
  readonly label: string;
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly ctx: ProviderContext;

  constructor(private readonly config: AnthropicConfig) {
    this.baseUrl = trimBaseUrl(config.baseUrl || ANTHROPIC_DEFAULT_BASE_URL);
    this.fetchImpl = config.fetch ?? defaultFetch();
    this.label = config.label ?? 'Anthropic';
    const ctx: ProviderContext = { label: 'Anthropic', baseUrl: this.baseUrl, apiKey: config.apiKey };
    const origin = config.pageOrigin ?? currentPageOrigin();
    if (origin) ctx.pageOrigin = origin;
    this.ctx = ctx;
  }

  /** The request body this client would send for `request`. */
  body(request: ModelRequest): AnthropicRequestBody {
    return buildAnthropicBody(request);
  }

  /** The HTTP request for `request`, with the key header shown as "[redacted]" (for the inspector). */
  describe(request: ModelRequest): HttpRequestDescription {
    return describeCall(this.call(request));
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const opened = await openCall(this.ctx, this.call(request), this.fetchImpl, signal);
    if (!opened.ok) {
      yield { type: 'error', error: opened.error };
      return;
    }
    yield* pumpSse(this.ctx, opened.response, new AnthropicStreamMapper(this.ctx), signal);
  }

  private call(request: ModelRequest): HttpCall {
    return { method: 'POST', url: `${this.baseUrl}/v1/messages`, headers: anthropicHeaders(this.config.apiKey), body: this.body(request) };
  }
}
