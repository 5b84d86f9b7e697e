import { currentPageOrigin } from './network-hint';
import type { ModelClient, ModelEvent, ModelRequest, WireEvent } from './port';
import type { ProviderContext } from './provider-error';
import { defaultFetch, describeCall, openCall, pumpSse, trimBaseUrl, type FetchLike, type HttpRequestDescription, type Opened } from './transport';
import type { WireCodec, WireEndpoint, WireFormat } from './wire-format';

/** What a client for any wire format takes. */
export interface WireClientConfig {
  /** Optional where the server takes none (local OpenAI-compatible servers). */
  apiKey?: string;
  /** Defaults to the format's own API; for OpenAI-compatible servers up to and including /v1. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Status-bar label; defaults to the server's name. */
  label?: string;
  /** Origin named in CORS hints; defaults to the page's. */
  pageOrigin?: string;
  /** Provider id the client reports, e.g. "ollama"; defaults to the format's id. */
  provider?: string;
  /** Server name in error messages, e.g. "Ollama"; defaults to the format's. */
  name?: string;
}

/**
 * A model client for any wire format: one HTTP call per request, built by the format's codec,
 * whose answer streams back as SSE and is mapped to ModelEvents by the codec's mapper.
 */
export class WireClient implements ModelClient {
  readonly provider: string;
  readonly label: string;
  /** Replaced, for the client's lifetime, when the server refuses something the codec sends (see WireCodec.fallback). */
  #codec: WireCodec;
  readonly #endpoint: WireEndpoint;
  readonly #ctx: ProviderContext;
  readonly #fetch: FetchLike;

  constructor(format: WireFormat, codec: WireCodec, config: WireClientConfig = {}) {
    this.#codec = codec;
    const name = config.name ?? format.serverName;
    const baseUrl = trimBaseUrl(config.baseUrl || format.defaultBaseUrl);
    this.provider = config.provider ?? format.id;
    this.label = config.label ?? name;
    this.#fetch = config.fetch ?? defaultFetch();
    this.#endpoint = { baseUrl };
    const ctx: ProviderContext = { label: name, baseUrl };
    // An empty key is no key: error messages then say that none is set.
    if (config.apiKey) {
      this.#endpoint.apiKey = config.apiKey;
      ctx.apiKey = config.apiKey;
    }
    const origin = config.pageOrigin ?? currentPageOrigin();
    if (origin) ctx.pageOrigin = origin;
    this.#ctx = ctx;
  }

  /** The HTTP request for `request`, with the key header shown as "[redacted]" (for the inspector). */
  describe(request: ModelRequest): HttpRequestDescription {
    return describeCall(this.#codec.call(request, this.#endpoint));
  }

  async *stream(request: ModelRequest, signal: AbortSignal, onWire?: (event: WireEvent) => void): AsyncGenerator<ModelEvent> {
    const opened = await this.#open(request, signal);
    if (!opened.ok) {
      // A refusal's body is what the provider said: the inspector shows it with the stream events.
      if (opened.bodyText) onWire?.({ event: `http ${opened.error.status ?? 'error'}`, data: opened.bodyText });
      yield { type: 'error', error: opened.error };
      return;
    }
    yield* pumpSse(this.#ctx, opened.response, this.#codec.mapper(this.#ctx), signal, onWire);
  }

  async #open(request: ModelRequest, signal: AbortSignal): Promise<Opened> {
    const opened = await openCall(this.#ctx, this.#codec.call(request, this.#endpoint), this.#fetch, signal);
    if (opened.ok) return opened;
    const fallback = this.#codec.fallback?.(opened);
    if (!fallback) return opened;
    this.#codec = fallback;
    return openCall(this.#ctx, fallback.call(request, this.#endpoint), this.#fetch, signal);
  }
}

/** A client for `format`, loading its codec first (the first client of a format downloads its code). */
export async function createWireClient(format: WireFormat, config: WireClientConfig): Promise<WireClient> {
  return new WireClient(format, await format.loadCodec(), config);
}
