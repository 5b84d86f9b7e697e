import { buildGeminiBody, type GeminiRequestBody } from './gemini-request';
import { GeminiStreamMapper } from './gemini-stream';
import type { ModelRequest } from './port';
import { geminiHeaders } from './provider-headers';
import { SseModelClient, type SseClientConfig } from './sse-client';
import type { HttpCall, StreamMapper } from './transport';

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

export interface GeminiConfig extends SseClientConfig {
  apiKey: string;
}

/** "models/gemini-3.8-flash" and "gemini-3.8-flash" both name the same model. */
export function geminiModelPath(model: string): string {
  return encodeURIComponent(model.replace(/^models\//, ''));
}

/** Gemini API generateContent, streamed (streamGenerateContent?alt=sse), with function calling. */
export class GeminiClient extends SseModelClient {
  readonly provider = 'gemini';

  constructor(private readonly config: GeminiConfig) {
    super(config, { name: 'Gemini', baseUrl: GEMINI_DEFAULT_BASE_URL });
  }

  override body(request: ModelRequest): GeminiRequestBody {
    return buildGeminiBody(request);
  }

  protected override call(request: ModelRequest): HttpCall {
    return {
      method: 'POST',
      url: `${this.baseUrl}/v1beta/models/${geminiModelPath(request.model)}:streamGenerateContent?alt=sse`,
      headers: geminiHeaders(this.config.apiKey),
      body: this.body(request),
    };
  }

  protected override mapper(): StreamMapper {
    return new GeminiStreamMapper(this.ctx);
  }
}
