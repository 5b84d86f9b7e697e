import type { WireCodec } from '../../wire-format';
import { geminiHeaders } from './headers';
import { buildGeminiBody } from './request';
import { GeminiStreamMapper } from './stream';

/** "models/gemini-3.8-flash" and "gemini-3.8-flash" both name the same model. */
export function geminiModelPath(model: string): string {
  return encodeURIComponent(model.replace(/^models\//, ''));
}

/** generateContent with function calling, streamed (streamGenerateContent?alt=sse). */
export const GEMINI_CODEC: WireCodec = {
  call: (request, endpoint) => ({
    method: 'POST',
    url: `${endpoint.baseUrl}/v1beta/models/${geminiModelPath(request.model)}:streamGenerateContent?alt=sse`,
    headers: geminiHeaders(endpoint.apiKey ?? ''),
    body: buildGeminiBody(request),
  }),
  mapper: (ctx) => new GeminiStreamMapper(ctx),
};
