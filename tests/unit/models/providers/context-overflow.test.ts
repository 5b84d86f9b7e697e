import { describe, expect, it } from 'vitest';
import { errorFromResponse, errorFromStreamPayload } from '../../../../src/models/provider-error';
import { readChatUsage } from '../../../../src/models/wire/openai/stream';
import { readGeminiUsage } from '../../../../src/models/wire/gemini/stream';

const ctx = { label: 'Provider', baseUrl: 'https://example.test' };
const noHeaders = { get: () => null };

describe('a request refused as too long is recognised in every wire format', () => {
  it.each([
    ['Anthropic 400 prompt is too long', 400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210351 tokens > 200000 maximum' } }],
    ['Anthropic 413 request_too_large', 413, { type: 'error', error: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' } }],
    ['OpenAI context_length_exceeded', 400, { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } }],
    ['Gemini input token count exceeds', 400, { error: { code: 400, message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', status: 'INVALID_ARGUMENT' } }],
  ])('%s', (_name, status, body) => {
    const error = errorFromResponse(ctx, status, noHeaders, JSON.stringify(body));
    expect(error.kind).toBe('invalid_request');
    expect(error.contextOverflow).toBe(true);
    expect(error.retryable).toBe(false);
  });

  it('inside a stream too', () => {
    expect(errorFromStreamPayload(ctx, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 5 tokens > 4 maximum' } }).contextOverflow).toBe(true);
  });

  it('other invalid requests, rate limits and server errors are not', () => {
    expect(errorFromResponse(ctx, 400, noHeaders, JSON.stringify({ error: { message: 'Invalid value for tools[0].name', type: 'invalid_request_error' } })).contextOverflow).toBeUndefined();
    expect(errorFromResponse(ctx, 429, noHeaders, JSON.stringify({ error: { message: 'Too many tokens per minute', type: 'tokens' } })).contextOverflow).toBeUndefined();
    expect(errorFromResponse(ctx, 500, noHeaders, 'context window of the server exploded').contextOverflow).toBeUndefined();
  });
});

describe('cached tokens are reported from every provider usage field', () => {
  it('OpenAI prompt_tokens_details.cached_tokens', () => {
    expect(readChatUsage({ prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920 } })).toEqual({ inputTokens: 86, outputTokens: 300, cacheReadTokens: 1920 });
  });
  it('Gemini cachedContentTokenCount', () => {
    expect(readGeminiUsage({ promptTokenCount: 5000, candidatesTokenCount: 20, cachedContentTokenCount: 4096 })).toEqual({ inputTokens: 904, outputTokens: 20, cacheReadTokens: 4096 });
  });
});
