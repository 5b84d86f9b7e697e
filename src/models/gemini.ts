import { buildGeminiBody, type GeminiRequestBody } from './gemini-request';
import { GeminiStreamMapper } from './gemini-stream';
import { currentPageOrigin } from './network-hint';
import type { ModelClient, ModelEvent, ModelRequest } from './port';
import { geminiHeaders } from './provider-headers';
import type { ProviderContext } from './provider-error';
import { defaultFetch, describeCall, openCall, pumpSse, trimBaseUrl, type FetchLike, type HttpCall, type HttpRequestDescription } from './transport';

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

export interface GeminiConfig {
  apiKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  label?: string;
  pageOrigin?: string;
}

/** "models/gemini-2.5-flash" and "gemini-2.5-flash" both name the same model. */
export function geminiModelPath(model: string): string {
  return encodeURIComponent(model.replace(/^models\//, ''));
}

/** Gemini API generateContent, streamed (streamGenerateContent?alt=sse), with function calling. */
export class GeminiClient implements ModelClient {
  readonly provider = 'gemini';
  readonly label: string;
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly ctx: ProviderContext;

  constructor(private readonly config: GeminiConfig) {
    this.baseUrl = trimBaseUrl(config.baseUrl || GEMINI_DEFAULT_BASE_URL);
    this.fetchImpl = config.fetch ?? defaultFetch();
    this.label = config.label ?? 'Gemini';
    const ctx: ProviderContext = { label: 'Gemini', baseUrl: this.baseUrl, apiKey: config.apiKey };
    const origin = config.pageOrigin ?? currentPageOrigin();
    if (origin) ctx.pageOrigin = origin;
    this.ctx = ctx;
  }

  body(request: ModelRequest): GeminiRequestBody {
    return buildGeminiBody(request);
  }

  /** The HTTP request for `request`, with the key header shown as "[redacted]". */
  describe(request: ModelRequest): HttpRequestDescription {
    return describeCall(this.call(request));
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const opened = await openCall(this.ctx, this.call(request), this.fetchImpl, signal);
    if (!opened.ok) {
      yield { type: 'error', error: opened.error };
      return;
    }
    yield* pumpSse(this.ctx, opened.response, new GeminiStreamMapper(this.ctx), signal);
  }

  private call(request: ModelRequest): HttpCall {
    return {
      method: 'POST',
      url: `${this.baseUrl}/v1beta/models/${geminiModelPath(request.model)}:streamGenerateContent?alt=sse`,
      headers: geminiHeaders(this.config.apiKey),
      body: this.body(request),
    };
  }
}
