import { describe, expect, it } from 'vitest';
import { anthropicClient, geminiClient, openAIClient } from './clients';
import type { ModelClient, ModelError } from '../../../../src/models/port';
import { RETIRED_MODEL_HINT, errorFromResponse } from '../../../../src/models/provider-error';
import { parseRetryAfter } from '../../../../src/models/retry-after';
import type { FetchLike } from '../../../../src/models/transport';
import { SECRET_KEY, assemble, collect, fakeFetch, request, type FakeResponse } from './helpers';

type Factory = (fetch: FetchLike, baseUrl?: string) => ModelClient;

const CLIENTS: Record<string, Factory> = {
  anthropic: (fetch, baseUrl) => anthropicClient({ apiKey: SECRET_KEY, fetch, baseUrl, pageOrigin: 'http://127.0.0.1:5173' }),
  openai: (fetch, baseUrl) => openAIClient({ apiKey: SECRET_KEY, fetch, baseUrl, pageOrigin: 'http://127.0.0.1:5173' }),
  gemini: (fetch, baseUrl) => geminiClient({ apiKey: SECRET_KEY, fetch, baseUrl, pageOrigin: 'http://127.0.0.1:5173' }),
};

/** Error bodies in each provider's shape; several echo the key back, as some proxies do. */
const BODIES: Record<string, (status: number, message: string) => string> = {
  anthropic: (status, message) =>
    JSON.stringify({ type: 'error', error: { type: { 401: 'authentication_error', 403: 'permission_error', 429: 'rate_limit_error', 529: 'overloaded_error', 400: 'invalid_request_error' }[status] ?? 'api_error', message } }),
  openai: (status, message) => JSON.stringify({ error: { message, type: status === 429 ? 'requests' : 'invalid_request_error', code: status === 401 ? 'invalid_api_key' : null } }),
  gemini: (status, message) => JSON.stringify({ error: { code: status, message, status: { 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 429: 'RESOURCE_EXHAUSTED', 400: 'INVALID_ARGUMENT' }[status] ?? 'INTERNAL' } }),
};

async function failWith(provider: string, response: FakeResponse | Error, baseUrl?: string): Promise<ModelError> {
  const factory = CLIENTS[provider];
  if (!factory) throw new Error(provider);
  const events = await collect(factory(fakeFetch(response).fetch, baseUrl).stream(request(), new AbortController().signal));
  const result = assemble(events);
  if (!result.error) throw new Error('expected an error');
  expect(JSON.stringify(events)).not.toContain(SECRET_KEY);
  return result.error;
}

describe.each(Object.keys(CLIENTS))('%s error classification', (provider) => {
  const body = BODIES[provider] ?? (() => '');

  it.each([401, 403])('%i: auth, "the key was refused" plus the provider message, no retry', async (status) => {
    const error = await failWith(provider, { status, body: body(status, `Invalid key ${SECRET_KEY} provided`) });
    expect(error).toMatchObject({ kind: 'auth', status, retryable: false });
    expect(error.message).toContain('the key was refused');
    expect(error.message).toContain('Invalid key [redacted] provided');
    expect(error.message).not.toContain(SECRET_KEY);
  });

  it('429 with retry-after seconds', async () => {
    const error = await failWith(provider, { status: 429, body: body(429, 'Slow down'), headers: { 'retry-after': '7' } });
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryable: true, retryAfterMs: 7000 });
    expect(error.message).toContain('Slow down');
  });

  it('429 with retry-after-ms wins over retry-after', async () => {
    const error = await failWith(provider, { status: 429, body: body(429, 'x'), headers: { 'retry-after-ms': '1500', 'retry-after': '2' } });
    expect(error.retryAfterMs).toBe(1500);
  });

  it('529: overloaded, retryable', async () => {
    const error = await failWith(provider, { status: 529, body: body(529, 'Overloaded') });
    expect(error).toMatchObject({ kind: 'overloaded', status: 529, retryable: true });
  });

  it('500 and 502: server, retryable', async () => {
    expect(await failWith(provider, { status: 500, body: body(500, 'Internal error') })).toMatchObject({ kind: 'server', status: 500, retryable: true });
    expect(await failWith(provider, { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } })).toMatchObject({
      kind: 'server',
      message: expect.stringContaining('502 Bad Gateway'),
    });
  });

  it('400: invalid_request, not retryable', async () => {
    const error = await failWith(provider, { status: 400, body: body(400, 'messages: field required') });
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400, retryable: false });
    expect(error.message).toContain('messages: field required');
  });

  it('a fetch TypeError to a remote host: network, retryable', async () => {
    const error = await failWith(provider, new TypeError('Failed to fetch'));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain('Failed to fetch');
  });

  it('a CORS-like failure on a local Ollama says to set OLLAMA_ORIGINS to the page origin', async () => {
    const error = await failWith(provider, new TypeError('Failed to fetch'), 'http://localhost:11434/v1');
    expect(error.kind).toBe('network');
    expect(error.message).toContain('OLLAMA_ORIGINS=http://127.0.0.1:5173');
  });

  it('a CORS-like failure on LM Studio says to turn on Enable CORS', async () => {
    const error = await failWith(provider, new TypeError('Failed to fetch'), 'http://127.0.0.1:1234/v1');
    expect(error.message).toContain('Enable CORS');
  });

  it('a body that breaks mid-stream: stream_dropped, retryable', async () => {
    const error = await failWith(provider, { breakAfter: provider === 'anthropic' ? 'event: ping\ndata: {"type":"ping"}\n\n' : 'data: {"x":1}\n\n' });
    expect(error).toMatchObject({ kind: 'stream_dropped', retryable: true });
    expect(error.message).toContain('terminated');
  });

  it('an empty 200 body: stream_dropped', async () => {
    expect((await failWith(provider, { body: '' })).kind).toBe('stream_dropped');
  });

  it('an aborted signal: aborted, not retryable, and fetch is not called', async () => {
    const { fetch, calls } = fakeFetch({ body: '' });
    const controller = new AbortController();
    controller.abort();
    const factory = CLIENTS[provider];
    if (!factory) throw new Error(provider);
    const events = await collect(factory(fetch).stream(request(), controller.signal));
    expect(events).toEqual([{ type: 'error', error: { kind: 'aborted', message: 'the request was cancelled', retryable: false } }]);
    expect(calls).toHaveLength(0);
  });

  it('aborting mid-stream ends with aborted', async () => {
    const controller = new AbortController();
    const fetch: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode(provider === 'anthropic' ? 'event: ping\ndata: {"type":"ping"}\n\n' : 'data: {"x":1}\n\n'));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const factory = CLIENTS[provider];
    if (!factory) throw new Error(provider);
    const iterator = factory(fetch).stream(request(), controller.signal)[Symbol.asyncIterator]();
    const pending = (async () => {
      const events = [];
      for (;;) {
        const next = await iterator.next();
        if (next.done) return events;
        events.push(next.value);
      }
    })();
    setTimeout(() => controller.abort(), 20);
    const events = await pending;
    expect(events[events.length - 1]).toMatchObject({ type: 'error', error: { kind: 'aborted' } });
  });
});

describe('provider-specific classification', () => {
  it('Gemini: 400 API_KEY_INVALID is auth', async () => {
    const body = JSON.stringify({
      error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] },
    });
    const error = await failWith('gemini', { status: 400, body });
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toMatch(/^the key was refused \(Gemini, HTTP 400\): API key not valid/);
  });

  it('Gemini: 429 RetryInfo.retryDelay becomes retryAfterMs', async () => {
    const body = JSON.stringify({ error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }] } });
    expect(await failWith('gemini', { status: 429, body })).toMatchObject({ kind: 'rate_limit', retryAfterMs: 37000 });
  });

  it('Gemini: 503 "model is overloaded" is overloaded', async () => {
    const body = JSON.stringify({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
    expect(await failWith('gemini', { status: 503, body })).toMatchObject({ kind: 'overloaded', retryable: true });
  });

  it('OpenAI: 429 insufficient_quota is not retryable', async () => {
    const body = JSON.stringify({ error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } });
    expect(await failWith('openai', { status: 429, body })).toMatchObject({ kind: 'rate_limit', retryable: false });
  });

  it('Ollama: a plain-string error body', async () => {
    const error = await failWith('openai', { status: 404, body: JSON.stringify({ error: "model 'llama9' not found" }) }, 'http://localhost:11434/v1');
    expect(error).toMatchObject({ kind: 'invalid_request', status: 404 });
    expect(error.message).toContain("model 'llama9' not found");
    expect(error.message).toContain(RETIRED_MODEL_HINT);
  });

  it('a model that was shut down points to "List models"; other 400s do not', async () => {
    const gone = await failWith('gemini', { status: 404, body: JSON.stringify({ error: { code: 404, message: 'models/gemini-2.5-flash is not found for API version v1beta, or is not supported for generateContent.', status: 'NOT_FOUND' } }) });
    expect(gone.message).toContain('is not found for API version');
    expect(gone.message).toContain(RETIRED_MODEL_HINT);
    const retired = await failWith('openai', { status: 400, body: JSON.stringify({ error: { message: 'The model `o4-mini` has been deprecated and is no longer available.', type: 'invalid_request_error', code: 'model_not_found' } }) });
    expect(retired.message).toContain(RETIRED_MODEL_HINT);
    const other = await failWith('anthropic', { status: 400, body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'messages: roles must alternate' } }) });
    expect(other.message).not.toContain(RETIRED_MODEL_HINT);
  });

  it('a 401 without a configured key says so', async () => {
    const events = await collect(
      openAIClient({ baseUrl: 'https://api.groq.com/openai/v1', name: 'Groq', fetch: fakeFetch({ status: 401, body: '{"error":{"message":"Invalid API Key"}}' }).fetch }).stream(
        request(),
        new AbortController().signal,
      ),
    );
    const error = assemble(events).error;
    expect(error?.message).toBe('the key was refused (Groq, HTTP 401): Invalid API Key — no API key is set');
  });

  it('Anthropic: a 200 JSON error instead of a stream', async () => {
    const fetch: FetchLike = async () => new Response(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), { headers: { 'content-type': 'application/json' } });
    const result = assemble(await collect(anthropicClient({ apiKey: SECRET_KEY, fetch }).stream(request(), new AbortController().signal)));
    expect(result.error?.kind).toBe('overloaded');
  });

  it('a non-local network failure under an https page mentions mixed content for http URLs', async () => {
    const client = openAIClient({ baseUrl: 'http://10.0.0.5:8000/v1', pageOrigin: 'https://glassbox.example', fetch: fakeFetch(new TypeError('Failed to fetch')).fetch });
    const error = assemble(await collect(client.stream(request(), new AbortController().signal))).error;
    expect(error?.message).toContain('mixed content');
  });

  it('a Node fetch failure keeps the underlying cause', async () => {
    const failure = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8000') });
    const client = openAIClient({ baseUrl: 'http://127.0.0.1:8000/v1', pageOrigin: 'http://127.0.0.1:5173', fetch: fakeFetch(failure).fetch });
    const error = assemble(await collect(client.stream(request(), new AbortController().signal))).error;
    expect(error?.message).toContain('ECONNREFUSED');
    expect(error?.message).toContain("--allowed-origins '[\"http://127.0.0.1:5173\"]'");
  });
});

describe('parseRetryAfter', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  it('reads seconds, fractional seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after': '0.5' }))).toBe(500);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250' }))).toBe(250);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:10 GMT' }), now)).toBe(10_000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  it('never lets the key through, even in a query string echoed by a proxy', () => {
    const error = errorFromResponse(
      { label: 'Gemini', baseUrl: 'https://x', apiKey: SECRET_KEY },
      500,
      new Headers(),
      `<pre>GET /v1beta/models?key=${SECRET_KEY}&alt=sse failed, retried ?alt=sse&key=AIzaSyOtherKey123</pre>`,
    );
    expect(error.message).not.toContain(SECRET_KEY);
    expect(error.message).not.toContain('AIzaSyOtherKey123');
  });
});
