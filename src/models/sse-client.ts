import { currentPageOrigin } from './network-hint';
import type { ModelClient, ModelEvent, ModelRequest } from './port';
import type { ProviderContext } from './provider-error';
import {
  defaultFetch,
  describeCall,
  openCall,
  pumpSse,
  trimBaseUrl,
  type FetchLike,
  type HttpCall,
  type HttpRequestDescription,
  type Opened,
  type StreamMapper,
} from './transport';

/** The settings every provider client takes (each provider's config adds its own). */
export interface SseClientConfig {
  apiKey?: string;
  baseUrl?: string;
  fetch?: FetchLike;
  /** Status-bar label; defaults to the provider's name. */
  label?: string;
  /** Origin named in CORS hints; defaults to the page's. */
  pageOrigin?: string;
}

export interface SseClientDefaults {
  /** Server name used in error messages, e.g. "Anthropic". */
  name: string;
  /** Used when the config sets no base URL. */
  baseUrl: string;
}

/**
 * What the provider clients share: one HTTP call per request whose answer streams back as SSE
 * and is mapped to ModelEvents. A provider supplies the call, its body and the stream mapper.
 */
export abstract class SseModelClient implements ModelClient {
  abstract readonly provider: string;
  readonly label: string;
  protected readonly baseUrl: string;
  protected readonly ctx: ProviderContext;
  private readonly fetchImpl: FetchLike;

  constructor(config: SseClientConfig, defaults: SseClientDefaults) {
    this.baseUrl = trimBaseUrl(config.baseUrl || defaults.baseUrl);
    this.fetchImpl = config.fetch ?? defaultFetch();
    this.label = config.label ?? defaults.name;
    const ctx: ProviderContext = { label: defaults.name, baseUrl: this.baseUrl };
    // An empty key is no key: error messages then say that none is set.
    if (config.apiKey) ctx.apiKey = config.apiKey;
    const origin = config.pageOrigin ?? currentPageOrigin();
    if (origin) ctx.pageOrigin = origin;
    this.ctx = ctx;
  }

  /** The request body this client would send for `request`. */
  abstract body(request: ModelRequest): unknown;

  /** The HTTP call for `request`, with the real key: never show it (see `describe`). */
  protected abstract call(request: ModelRequest): HttpCall;

  /** A fresh mapper for one response stream. */
  protected abstract mapper(): StreamMapper;

  /** The HTTP request for `request`, with the key header shown as "[redacted]" (for the inspector). */
  describe(request: ModelRequest): HttpRequestDescription {
    return describeCall(this.call(request));
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const opened = await this.open(request, signal);
    if (!opened.ok) {
      yield { type: 'error', error: opened.error };
      return;
    }
    yield* pumpSse(this.ctx, opened.response, this.mapper(), signal);
  }

  /** Send the call for `request`; a client may override this to ask again after a known refusal. */
  protected open(request: ModelRequest, signal: AbortSignal): Promise<Opened> {
    return openCall(this.ctx, this.call(request), this.fetchImpl, signal);
  }
}
