import { describe, expect, it } from 'vitest';
import { anthropicClient } from './clients';
import { buildAnthropicBody, toAnthropicMessages } from '../../../../src/models/wire/anthropic/request';
import { mapAnthropicStopReason } from '../../../../src/models/wire/anthropic/stream';
import type { Message } from '../../../../src/models/messages';
import { CHUNK_SIZES, SECRET_KEY, assemble, collect, fakeFetch, fixture, request } from './helpers';

async function run(file: string, chunkSize = 0) {
  const { fetch, calls } = fakeFetch({ body: fixture(`anthropic/${file}`), chunkSize });
  const client = anthropicClient({ apiKey: SECRET_KEY, fetch });
  const events = await collect(client.stream(request(), new AbortController().signal));
  return { events, calls, result: assemble(events) };
}

describe('AnthropicClient request', () => {
  it('POSTs /v1/messages with stream, version and browser-access headers', async () => {
    const { calls } = await run('text.sse');
    const call = calls[0];
    expect(call?.url).toBe('https://api.anthropic.com/v1/messages');
    expect(call?.init.method).toBe('POST');
    expect(call?.headers).toMatchObject({
      'x-api-key': SECRET_KEY,
      'anthropic-version': '2023-06-01',
      'anthropic-dangerous-direct-browser-access': 'true',
      'content-type': 'application/json',
    });
    expect(call?.body).toMatchObject({ model: 'test-model', max_tokens: 1024, stream: true });
  });

  it('honours a custom base URL without a doubled slash', async () => {
    const { fetch, calls } = fakeFetch({ body: fixture('anthropic/text.sse') });
    const client = anthropicClient({ apiKey: SECRET_KEY, baseUrl: 'http://127.0.0.1:9/', fetch });
    await collect(client.stream(request(), new AbortController().signal));
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/v1/messages');
  });

  it('places cache breakpoints on system, last tool and the two latest user turns (max 4)', () => {
    const messages: Message[] = [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt' }] },
    ];
    const tools = [
      { name: 'Read', description: 'r', input_schema: { type: 'object' } },
      { name: 'Bash', description: 'b', input_schema: { type: 'object' } },
    ];
    const body = buildAnthropicBody(request({ messages, tools }));
    expect(body.system).toEqual([{ type: 'text', text: 'You are a careful coding agent.', cache_control: { type: 'ephemeral' } }]);
    expect(body.tools?.[0]?.cache_control).toBeUndefined();
    expect(body.tools?.[1]?.cache_control).toEqual({ type: 'ephemeral' });
    const json = JSON.stringify(body);
    expect(json.match(/cache_control/g)).toHaveLength(4);
    // Plain string prompts go out as one text block, marked or not, so the cached prefix reads the same next turn.
    expect(body.messages[0]?.content).toEqual([{ type: 'text', text: 'first' }]);
    expect(body.messages[2]?.content).toEqual([{ type: 'text', text: 'second', cache_control: { type: 'ephemeral' } }]);
    expect(body.messages[4]?.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt', cache_control: { type: 'ephemeral' } }]);
    // the transcript itself is untouched
    expect(JSON.stringify(messages)).not.toContain('cache_control');
  });

  it('turns string user content into a text block to carry a breakpoint, and skips an empty system prompt', () => {
    const body = buildAnthropicBody(request({ system: '', tools: [] }));
    expect(body.system).toBeUndefined();
    expect(body.tools).toBeUndefined();
    expect(body.messages[0]?.content).toEqual([{ type: 'text', text: 'List the files.', cache_control: { type: 'ephemeral' } }]);
  });

  it('gives Claude 4.5 and older a thinking budget below max_tokens', () => {
    const model = 'claude-sonnet-4-5';
    expect(buildAnthropicBody(request({ model, thinkingBudget: 2048, maxTokens: 8192 }))).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 8192 });
    // budget >= max_tokens: max_tokens grows so the answer still has room
    expect(buildAnthropicBody(request({ model, thinkingBudget: 4096, maxTokens: 1024 }))).toMatchObject({ thinking: { budget_tokens: 4096 }, max_tokens: 5120 });
    // the API minimum is 1024
    expect(buildAnthropicBody(request({ model, thinkingBudget: 100 })).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(buildAnthropicBody(request({ model })).thinking).toBeUndefined();
  });

  it('asks Claude 4.6 and later for adaptive thinking with summaries (a budget would be refused), and sends nothing when off', () => {
    for (const model of ['claude-sonnet-5', 'claude-opus-5-5', 'claude-fable-5-1', 'claude-opus-4-7', 'claude-sonnet-4-6']) {
      const body = buildAnthropicBody(request({ model, thinkingBudget: 4096, maxTokens: 8192 }));
      expect(body.thinking, model).toEqual({ type: 'adaptive', display: 'summarized' });
      expect(body.max_tokens, model).toBe(8192);
      expect(buildAnthropicBody(request({ model })).thinking, model).toBeUndefined();
    }
  });

  it('keeps signed thinking and redacted thinking, drops unsigned thinking and empty text', () => {
    const messages: Message[] = [
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'signed', signature: 'sig' },
          { type: 'thinking', thinking: 'from another provider' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'text', text: '' },
          { type: 'tool_use', id: 'toolu_9', name: 'Bash', input: {}, rawInput: '{"command": ' },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: [{ type: 'text', text: 'bad json' }], is_error: true }] },
    ];
    expect(toAnthropicMessages(messages)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'signed', signature: 'sig' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'tool_use', id: 'toolu_9', name: 'Bash', input: {} },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: [{ type: 'text', text: 'bad json' }], is_error: true }] },
    ]);
  });

  it('describes the request for the inspector with the key redacted', () => {
    const client = anthropicClient({ apiKey: SECRET_KEY, fetch: fakeFetch().fetch });
    const description = client.describe(request());
    expect(description.headers['x-api-key']).toBe('[redacted]');
    expect(JSON.stringify(description)).not.toContain(SECRET_KEY);
    expect(description.url).toBe('https://api.anthropic.com/v1/messages');
  });
});

describe('AnthropicClient stream', () => {
  for (const size of CHUNK_SIZES) {
    describe(`chunks of ${size || 'whole'} bytes`, () => {
      it('streams text with usage and end_turn', async () => {
        const { events, result } = await run('text.sse', size);
        expect(events[0]).toEqual({ type: 'message_start', model: 'claude-sonnet-4-5-20250929' });
        expect(result.content).toEqual([{ type: 'text', text: 'Hello, wörld! 🚀 — ready.' }]);
        expect(result.usage).toEqual({ inputTokens: 25, outputTokens: 15, cacheReadTokens: 0, cacheWriteTokens: 0 });
        expect(result.stop).toBe('end_turn');
        expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
      });

      it('assembles tool input from split input_json_delta fragments', async () => {
        const { events, result } = await run('tool-use.sse', size);
        expect(result.content).toEqual([
          { type: 'text', text: 'Let me list the files.' },
          { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'Bash', input: { command: 'ls -la "café dir"', timeout: 30 } },
        ]);
        expect(result.stop).toBe('tool_use');
        expect(events.filter((e) => e.type === 'tool_use_delta').length).toBe(4);
      });

      it('keeps thinking and its signature', async () => {
        const { result } = await run('thinking.sse', size);
        expect(result.content[0]).toEqual({
          type: 'thinking',
          thinking: 'The user wants 27 * 453. 27 * 453 = 12231.',
          signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds4Bla6Jzz0eZ8Yo0b0RVvcsf8q8rm7KOyHrqV4s94ChXqOVD19XwYxg==',
        });
        expect(result.content[1]).toEqual({ type: 'text', text: '27 × 453 = 12,231' });
      });

      it('keeps redacted_thinking data', async () => {
        const { events, result } = await run('redacted-thinking.sse', size);
        expect(events).toContainEqual({ type: 'thinking_start', index: 0, redacted: true, data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj' });
        expect(result.content[0]?.type).toBe('redacted_thinking');
      });

      it('turns an overloaded_error event mid-stream into a retryable overloaded error', async () => {
        const { result } = await run('error-mid-stream.sse', size);
        expect(result.content).toEqual([{ type: 'text', text: 'I will start by' }]);
        expect(result.error).toMatchObject({ kind: 'overloaded', retryable: true });
        expect(result.error?.message).toContain('Overloaded');
        expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 1 });
      });

      it('reports cache reads and writes, and max_tokens', async () => {
        const { result } = await run('cache-usage.sse', size);
        expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 40, cacheReadTokens: 3400, cacheWriteTokens: 1200 });
        expect(result.stop).toBe('max_tokens');
      });
    });
  }

  it('skips server-tool blocks without leaving index gaps, and maps pause_turn', async () => {
    const { result } = await run('server-tool.sse');
    expect(result.content).toEqual([{ type: 'text', text: 'Sunny.' }]);
    expect(result.stop).toBe('pause_turn');
  });

  it('maps every documented stop reason', () => {
    for (const reason of ['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal', 'pause_turn'] as const) {
      expect(mapAnthropicStopReason(reason)).toBe(reason);
    }
    expect(mapAnthropicStopReason('model_context_window_exceeded')).toBe('max_tokens');
    expect(mapAnthropicStopReason(null)).toBe('end_turn');
  });

  it('reports a stream that ends before message_stop as stream_dropped', async () => {
    const text = fixture('anthropic/tool-use.sse');
    const cut = text.slice(0, text.indexOf('event: content_block_stop\ndata: {"type":"content_block_stop","index":1}'));
    const { fetch } = fakeFetch({ body: cut, chunkSize: 7 });
    const events = await collect(anthropicClient({ apiKey: SECRET_KEY, fetch }).stream(request(), new AbortController().signal));
    const result = assemble(events);
    expect(result.error).toMatchObject({ kind: 'stream_dropped', retryable: true });
  });

  it('accepts a stream that lost only message_stop after message_delta', async () => {
    const text = fixture('anthropic/text.sse');
    const { fetch } = fakeFetch({ body: text.slice(0, text.indexOf('event: message_stop')) });
    const result = assemble(await collect(anthropicClient({ apiKey: SECRET_KEY, fetch }).stream(request(), new AbortController().signal)));
    expect(result.stop).toBe('end_turn');
  });
});
