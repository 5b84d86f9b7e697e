import { buildAnthropicBody, type AnthropicRequestBody } from './anthropic-request';
import { AnthropicStreamMapper } from './anthropic-stream';
import type { ModelRequest } from './port';
import { anthropicHeaders } from './provider-headers';
import { SseModelClient, type SseClientConfig } from './sse-client';
import type { HttpCall, StreamMapper } from './transport';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export { ANTHROPIC_VERSION, anthropicHeaders } from './provider-headers';

export interface AnthropicConfig extends SseClientConfig {
  apiKey: string;
}

/** Anthropic Messages API, streamed over SSE, straight from the browser. */
export class AnthropicClient extends SseModelClient {
  readonly provider = 'anthropic';

  constructor(private readonly config: AnthropicConfig) {
    super(config, { name: 'Anthropic', baseUrl: ANTHROPIC_DEFAULT_BASE_URL });
  }

  override body(request: ModelRequest): AnthropicRequestBody {
    return buildAnthropicBody(request);
  }

  protected override call(request: ModelRequest): HttpCall {
    return { method: 'POST', url: `${this.baseUrl}/v1/messages`, headers: anthropicHeaders(this.config.apiKey), body: this.body(request) };
  }

  protected override mapper(): StreamMapper {
    return new AnthropicStreamMapper(this.ctx);
  }
}
