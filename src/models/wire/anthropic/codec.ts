import type { WireCodec } from '../../wire-format';
import { anthropicHeaders } from './headers';
import { buildAnthropicBody } from './request';
import { AnthropicStreamMapper } from './stream';

/** Messages API: POST /v1/messages, streamed over SSE. */
export const ANTHROPIC_CODEC: WireCodec = {
  call: (request, endpoint) => ({
    method: 'POST',
    url: `${endpoint.baseUrl}/v1/messages`,
    headers: anthropicHeaders(endpoint.apiKey ?? ''),
    body: buildAnthropicBody(request),
  }),
  mapper: (ctx) => new AnthropicStreamMapper(ctx),
};
