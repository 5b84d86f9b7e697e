import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it } from 'vitest';
import { listModels } from '../../../../src/models/catalogue';
import type { Message } from '../../../../src/models/messages';
import type { ModelClient } from '../../../../src/models/port';
import { createModelClient, testConnection, type ModelSettings } from '../../../../src/models/providers';
import { startMockProvider, type MockProvider, type MockProviderServer } from '../../../mock-provider/server.mjs';
import { assemble, collect, request } from './helpers';

const KEY = 'mock-key-0123456789abcdef';
let server: MockProviderServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function settingsFor(provider: MockProvider, url: string): ModelSettings {
  if (provider === 'anthropic') return { provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: KEY, baseUrl: url };
  if (provider === 'gemini') return { provider: 'gemini', model: 'gemini-2.5-flash', apiKey: KEY, baseUrl: url };
  return { provider: 'openai-compatible', model: 'mock-model', apiKey: KEY, baseUrl: `${url}/v1` };
}

async function clientFor(provider: MockProvider, options: Parameters<typeof startMockProvider>[0] = {}): Promise<ModelClient> {
  server = await startMockProvider({ apiKey: KEY, ...options });
  return createModelClient(settingsFor(provider, server.url), { pageOrigin: 'http://127.0.0.1:5173' });
}

const PROVIDERS: MockProvider[] = ['anthropic', 'openai', 'gemini'];

describe.each(PROVIDERS)('%s client against the mock server over HTTP', (provider) => {
  it('runs a tool-using turn: Bash ls, then a final answer', async () => {
    const client = await clientFor(provider);
    const messages: Message[] = [{ role: 'user', content: 'What files are here?' }];
    const first = assemble(await collect(client.stream(request({ model: 'm', messages }), new AbortController().signal)));
    expect(first.stop).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'Bash', input: { command: 'ls' } });
    expect(first.usage?.inputTokens).toBeGreaterThan(0);
    if (call?.type !== 'tool_use') throw new Error('no tool call');
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'README.md\nsrc' }] });
    const second = assemble(await collect(client.stream(request({ model: 'm', messages }), new AbortController().signal)));
    expect(second.stop).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: 'Done: I listed the files in the workspace.' }]);
    // what went over the wire for the tool result, in each dialect
    const sent = JSON.stringify(server?.requests[1]?.body);
    if (provider === 'anthropic') expect(sent).toContain(`"tool_use_id":"${call.id}"`);
    if (provider === 'openai') expect(sent).toContain(`"role":"tool","tool_call_id":"${call.id}"`);
    if (provider === 'gemini') expect(sent).toContain('"functionResponse":{"name":"Bash","response":{"output":"README.md\\nsrc"}}');
    // The mock checks signatures like Gemini 3: the call went back with the one it came with.
    if (provider === 'gemini') expect(sent).toContain(`"thoughtSignature":"${Buffer.from('mock-thought-state-0').toString('base64')}"`);
  });

  it('429 with retry-after, then success on the next request', async () => {
    const client = await clientFor(provider, { faults: [{ kind: 'status', status: 429, retryAfter: 2 }] });
    const first = assemble(await collect(client.stream(request({ model: 'm' }), new AbortController().signal)));
    expect(first.error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 2000, retryable: true });
    const second = assemble(await collect(client.stream(request({ model: 'm' }), new AbortController().signal)));
    expect(second.stop).toBe('tool_use');
    expect(server?.requests.map((r) => r.fault)).toEqual(['status 429', undefined]);
  });

  it('a connection cut mid-stream is stream_dropped', async () => {
    const client = await clientFor(provider, { faults: [{ kind: 'drop', afterEvents: 2 }] });
    const result = assemble(await collect(client.stream(request({ model: 'm' }), new AbortController().signal)));
    expect(result.error).toMatchObject({ kind: 'stream_dropped', retryable: true });
  });

  it('a body that ends cleanly before the stop is stream_dropped', async () => {
    const client = await clientFor(provider, { faults: [{ kind: 'drop', afterEvents: 1, mode: 'end' }] });
    const result = assemble(await collect(client.stream(request({ model: 'm' }), new AbortController().signal)));
    expect(result.error?.kind).toBe('stream_dropped');
  });

  it('an overloaded error inside the stream is overloaded', async () => {
    const client = await clientFor(provider, { faults: [{ kind: 'overloaded', afterEvents: 2 }] });
    const result = assemble(await collect(client.stream(request({ model: 'm' }), new AbortController().signal)));
    expect(result.error).toMatchObject({ kind: 'overloaded', retryable: true });
  });

  it('529 / 503 answers are overloaded or server errors, retryable', async () => {
    const client = await clientFor(provider, { faults: [{ kind: 'status', status: provider === 'gemini' ? 503 : 529, message: 'Overloaded' }] });
    const result = assemble(await collect(client.stream(request({ model: 'm' }), new AbortController().signal)));
    expect(result.error).toMatchObject({ kind: 'overloaded', retryable: true });
  });

  it('a wrong key is refused, and the key is not in the message', async () => {
    server = await startMockProvider({ apiKey: 'the-right-key-000000' });
    const client = await createModelClient({ ...settingsFor(provider, server.url), apiKey: 'wrong-key-1234567890' });
    const result = assemble(await collect(client.stream(request({ model: 'm' }), new AbortController().signal)));
    expect(result.error).toMatchObject({ kind: 'auth', retryable: false });
    expect(result.error?.message).toContain('the key was refused');
    expect(result.error?.message).not.toContain('wrong-key-1234567890');
  });

  it('cancelling mid-stream ends with aborted', async () => {
    const client = await clientFor(provider, { chunkDelayMs: 30 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const events = await collect(client.stream(request({ model: 'm' }), controller.signal));
    expect(events[events.length - 1]).toMatchObject({ type: 'error', error: { kind: 'aborted' } });
  });

  it('testConnection and listModels work against it', async () => {
    server = await startMockProvider({ apiKey: KEY, models: ['mock-a', 'mock-b'] });
    const settings = settingsFor(provider, server.url);
    expect((await testConnection(settings)).ok).toBe(true);
    const listed = await listModels(settings.provider, { apiKey: KEY, baseUrl: settings.baseUrl });
    expect(listed).toMatchObject({ source: 'provider' });
    expect(listed.models.map((m) => m.id)).toEqual(['mock-a', 'mock-b']);
  });
});

describe('Gemini 3 thought signatures against the mock server', () => {
  it('a history whose calls lost their signature is refused with a 400 that names the call', async () => {
    server = await startMockProvider({ apiKey: KEY });
    const client = await createModelClient({ provider: 'gemini', model: 'gemini-2.5-flash', apiKey: KEY, baseUrl: server.url }, { pageOrigin: 'http://127.0.0.1:5173' });
    // A Gemini 2.x id gets no stand-in signature, so the strict mock sees the call unsigned.
    const messages: Message[] = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_x', name: 'Bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'a' }] },
    ];
    const refused = assemble(await collect(client.stream(request({ model: 'gemini-2.5-flash', messages }), new AbortController().signal)));
    expect(refused.error).toMatchObject({ kind: 'invalid_request', status: 400, retryable: false });
    expect(refused.error?.message).toContain('missing a `thought_signature`');
    // The same history to a Gemini 3 model goes with the documented stand-in and is answered.
    const gemini3 = await createModelClient({ provider: 'gemini', model: 'gemini-3-flash', apiKey: KEY, baseUrl: server.url }, { pageOrigin: 'http://127.0.0.1:5173' });
    const answered = assemble(await collect(gemini3.stream(request({ model: 'gemini-3-flash', messages }), new AbortController().signal)));
    expect(answered.error).toBeUndefined();
    expect(answered.stop).toBe('end_turn');
  });
});

describe('mock server CORS', () => {
  it('answers preflights with the requested headers and exposes retry-after', async () => {
    server = await startMockProvider();
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(response.headers.get('access-control-allow-headers')).toBe('x-api-key,content-type');
    const post = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { origin: 'http://127.0.0.1:5173' }, body: '{"messages":[]}' });
    expect(post.headers.get('access-control-expose-headers')).toContain('retry-after');
    await post.text();
  });

  it('can imitate a server without CORS', async () => {
    server = await startMockProvider({ cors: false });
    const response = await fetch(`${server.url}/v1/messages`, { method: 'OPTIONS', headers: { origin: 'http://x' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
