import type { WireCodec } from '../../wire-format';
import { isOpenAIApi, isOpenRouter } from './endpoint';
import { openAIHeaders } from './headers';
import { buildChatBody } from './request';
import { OpenAIStreamMapper } from './stream';

/**
 * Chat Completions, streamed, against OpenAI or any compatible base URL. `includeUsage` asks for a
 * final usage chunk; servers that do not know `stream_options` (older local ones) refuse the
 * request, and are then asked again, for the client's lifetime, by the codec without it.
 */
function chatCodec(includeUsage: boolean): WireCodec {
  return {
    call: (request, endpoint) => ({
      method: 'POST',
      url: `${endpoint.baseUrl}/chat/completions`,
      headers: openAIHeaders(endpoint.apiKey),
      body: buildChatBody(request, { includeUsage, openaiApi: isOpenAIApi(endpoint.baseUrl), openRouter: isOpenRouter(endpoint.baseUrl) }),
    }),
    mapper: (ctx) => new OpenAIStreamMapper(ctx),
    fallback: (refusal) =>
      includeUsage && refusal.error.kind === 'invalid_request' && /stream_options/i.test(refusal.bodyText ?? '') ? WITHOUT_USAGE : undefined,
  };
}

const WITHOUT_USAGE = chatCodec(false);

export const OPENAI_CODEC: WireCodec = chatCodec(true);
