import { describe, expect, it } from 'vitest';
import type { Message } from '../../../../src/models/messages';
import { openAIClient } from './clients';
import { buildChatBody, fromChatMessages, toChatMessages, type ChatMessage } from '../../../../src/models/wire/openai/request';
import { mapFinishReason } from '../../../../src/models/wire/openai/stream';
import { CHUNK_SIZES, SECRET_KEY, assemble, collect, fakeFetch, fixture, request } from './helpers';

async function run(file: string, chunkSize = 0, baseUrl = 'https://api.openai.com/v1') {
  const { fetch, calls } = fakeFetch({ body: fixture(`openai/${file}`), chunkSize });
  const client = openAIClient({ apiKey: SECRET_KEY, baseUrl, fetch });
  const events = await collect(client.stream(request(), new AbortController().signal));
  return { events, calls, result: assemble(events) };
}

const transcript: Message[] = [
  { role: 'user', content: 'List the files.' },
  {
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'I should run ls', signature: 'sig' },
      { type: 'text', text: 'Listing.' },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'call_2', name: 'Read', input: { path: 'a.png' } },
    ],
  },
  {
    role: 'user',
    content: [
      { type: 'tool_result', tool_use_id: 'call_1', content: 'a.png\nb.txt' },
      {
        type: 'tool_result',
        tool_use_id: 'call_2',
        content: [
          { type: 'text', text: 'an image' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
        is_error: false,
      },
      { type: 'text', text: 'Now summarise.' },
    ],
  },
];

describe('OpenAI-compatible transcript conversion', () => {
  it('converts the canonical transcript to chat messages', () => {
    expect(toChatMessages('Be brief.', transcript)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'List the files.' },
      {
        role: 'assistant',
        content: 'Listing.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
          { id: 'call_2', type: 'function', function: { name: 'Read', arguments: '{"path":"a.png"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'a.png\nb.txt' },
      { role: 'tool', tool_call_id: 'call_2', content: 'an image' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'text', text: 'Now summarise.' },
        ],
      },
    ]);
  });

  it('marks tool errors in the text, uses null content for tool-only turns, and omits an empty system', () => {
    const messages = toChatMessages('', [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'Bash', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: 'exit 1', is_error: true }] },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'go' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'Bash', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c', content: 'Error: exit 1' },
    ]);
  });

  it('converts chat messages back to the canonical transcript', () => {
    const chat: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'List the files.' },
      {
        role: 'assistant',
        content: 'Listing.',
        reasoning_content: 'run ls',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
          { id: 'call_2', type: 'function', function: { name: 'Bash', arguments: '{"command": ' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'call_2', content: 'bad input' },
      { role: 'user', content: [{ type: 'text', text: 'thanks' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } }] },
    ];
    expect(fromChatMessages(chat)).toEqual({
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'List the files.' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'run ls' },
            { type: 'text', text: 'Listing.' },
            { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } },
            { type: 'tool_use', id: 'call_2', name: 'Bash', input: {}, rawInput: '{"command": ' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'a.txt' },
            { type: 'tool_result', tool_use_id: 'call_2', content: 'bad input' },
            { type: 'text', text: 'thanks' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
          ],
        },
      ],
    });
  });

  it('round-trips text and tool turns', () => {
    const simple: Message[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'text', text: 'x' }, { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'ok' }] },
    ];
    expect(fromChatMessages(toChatMessages('S', simple))).toEqual({ system: 'S', messages: simple });
  });

  it('builds the request body per server family', () => {
    const openai = buildChatBody(request({ model: 'o4-mini', thinkingBudget: 20000 }), { includeUsage: true, openaiApi: true, openRouter: false });
    expect(openai).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_completion_tokens: 1024, reasoning_effort: 'high' });
    expect(openai.max_tokens).toBeUndefined();
    expect(openai.tools).toEqual([
      { type: 'function', function: { name: 'Bash', description: 'Run a shell command.', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } } },
    ]);
    const local = buildChatBody(request({ thinkingBudget: 2000 }), { includeUsage: false, openaiApi: false, openRouter: false });
    expect(local).toMatchObject({ max_tokens: 1024 });
    expect(local.stream_options).toBeUndefined();
    expect(local.reasoning_effort).toBeUndefined();
    expect(buildChatBody(request({ thinkingBudget: 2000 }), { includeUsage: true, openaiApi: false, openRouter: true }).reasoning).toEqual({ max_tokens: 2000 });
  });
});

describe('OpenAICompatibleClient', () => {
  it('POSTs {baseUrl}/chat/completions with a bearer key, and none when no key is set', async () => {
    const { calls } = await run('text.sse');
    expect(calls[0]?.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    const { fetch, calls: local } = fakeFetch({ body: fixture('openai/text.sse') });
    await collect(openAIClient({ baseUrl: 'http://localhost:11434/v1/', fetch }).stream(request(), new AbortController().signal));
    expect(local[0]?.url).toBe('http://localhost:11434/v1/chat/completions');
    expect(local[0]?.headers.authorization).toBeUndefined();
  });

  it('describes the request with the Authorization header redacted', () => {
    const client = openAIClient({ apiKey: SECRET_KEY, fetch: fakeFetch().fetch });
    const description = client.describe(request());
    expect(description.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(description)).not.toContain(SECRET_KEY);
  });

  for (const size of CHUNK_SIZES) {
    describe(`chunks of ${size || 'whole'} bytes`, () => {
      it('streams text, then usage from the trailing usage chunk', async () => {
        const { events, result } = await run('text.sse', size);
        expect(events[0]).toEqual({ type: 'message_start', model: 'gpt-4.1-2025-04-14' });
        expect(result.content).toEqual([{ type: 'text', text: 'Hello, wörld! 🚀' }]);
        expect(result.usage).toEqual({ inputTokens: 19, outputTokens: 10 });
        expect(result.stop).toBe('end_turn');
      });

      it('assembles parallel tool calls by index from argument fragments', async () => {
        const { events, result } = await run('tool-calls.sse', size);
        expect(result.content).toEqual([
          { type: 'tool_use', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'Bash', input: { command: 'ls -la' } },
          { type: 'tool_use', id: 'call_Y2bD8kH1s1Ww4kFq9pLz7eRt', name: 'Read', input: { path: 'café.md' } },
        ]);
        // Each call is sent whole once its fragments are all in.
        expect(events.filter((e) => e.type === 'tool_use_delta')).toHaveLength(2);
        expect(result.stop).toBe('tool_use');
        expect(result.usage).toEqual({ inputTokens: 176, outputTokens: 48, cacheReadTokens: 1024 });
      });

      it('maps reasoning_content to thinking', async () => {
        const { result } = await run('reasoning.sse', size);
        expect(result.content).toEqual([
          { type: 'thinking', thinking: '9.11 vs 9.9: 0.90 > 0.11.' },
          { type: 'text', text: '9.9 is larger.' },
        ]);
        expect(result.usage).toEqual({ inputTokens: 15, outputTokens: 120 });
      });

      it('handles Ollama: whole calls reusing index 0, finish "stop" after tool calls, no usage', async () => {
        const { result } = await run('ollama-no-usage.sse', size, 'http://localhost:11434/v1');
        expect(result.content).toEqual([
          { type: 'text', text: 'Listing.' },
          { type: 'tool_use', id: 'call_a1b2c3d4', name: 'Bash', input: { command: 'ls' } },
          { type: 'tool_use', id: 'call_e5f6g7h8', name: 'Read', input: { path: 'README.md' } },
        ]);
        expect(result.stop).toBe('tool_use');
        expect(result.usage).toBeUndefined();
      });

      it('turns an error chunk mid-stream into an error event', async () => {
        const { result } = await run('error-chunk.sse', size, 'https://openrouter.ai/api/v1');
        expect(result.content).toEqual([{ type: 'text', text: 'Partial ans' }]);
        expect(result.error).toMatchObject({ kind: 'overloaded', retryable: true });
      });
    });
  }

  it('synthesizes an id when the server sends none, and waits for the name before starting a call', async () => {
    const chunks = [
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { name: 'Bash', arguments: ': 1}' } }] } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const body = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
    const { fetch } = fakeFetch({ body });
    const result = assemble(await collect(openAIClient({ fetch }).stream(request(), new AbortController().signal)));
    const call = result.content[0];
    expect(call).toMatchObject({ type: 'tool_use', name: 'Bash', input: { a: 1 } });
    expect(call?.type === 'tool_use' && /^call_[0-9a-f]{24}$/.test(call.id)).toBe(true);
  });

  it("keeps the thought signature Gemini's OpenAI-compatible endpoint puts on a call, and sends it back only to a Gemini model", async () => {
    const signed = { google: { thought_signature: 'EjQKMgFyFakeGeminiSignature' } };
    const chunks = [
      { choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_g', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' }, extra_content: signed }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_h', type: 'function', function: { name: 'Glob', arguments: '{"pattern":"*"}' } }] } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const body = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
    const result = assemble(await collect(openAIClient({ fetch: fakeFetch({ body }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.content[0]).toMatchObject({ type: 'tool_use', id: 'call_g', signature: 'EjQKMgFyFakeGeminiSignature' });
    expect(result.content[1]).not.toHaveProperty('signature');

    const messages: Message[] = [{ role: 'user', content: 'go' }, { role: 'assistant', content: result.content }];
    const options = { includeUsage: true, openaiApi: false, openRouter: false };
    const toGemini = buildChatBody(request({ model: 'gemini-3-flash-preview', messages }), options).messages.find((m) => m.role === 'assistant');
    expect(toGemini).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_g', extra_content: signed }, { id: 'call_h' }] });
    expect(JSON.stringify(toGemini).match(/extra_content/g)).toHaveLength(1);
    // OpenAI refuses unknown message fields: another model never sees it.
    const toOpenAI = buildChatBody(request({ model: 'gpt-5-mini', messages }), { ...options, openaiApi: true }).messages.find((m) => m.role === 'assistant');
    expect(JSON.stringify(toOpenAI)).not.toContain('extra_content');
  });

  it('assembles calls whose argument fragments interleave, by index', async () => {
    const call = (index: number, fn: Record<string, string>, id?: string) => ({ choices: [{ index: 0, delta: { tool_calls: [{ index, ...(id ? { id, type: 'function' } : {}), function: fn }] } }] });
    const chunks = [
      call(0, { name: 'Bash', arguments: '' }, 'call_a'),
      call(1, { name: 'Read', arguments: '' }, 'call_b'),
      call(0, { arguments: '{"command":' }),
      call(1, { arguments: '{"file_path":' }),
      call(0, { arguments: ' "ls"}' }),
      call(1, { arguments: ' "a.md"}' }),
      { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const body = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
    const result = assemble(await collect(openAIClient({ fetch: fakeFetch({ body }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'call_b', name: 'Read', input: { file_path: 'a.md' } },
    ]);
  });

  it('keeps malformed tool JSON for the loop to report', async () => {
    const chunks = [
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_x', type: 'function', function: { name: 'Bash', arguments: '{"command": "ls' } }] } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const body = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
    const result = assemble(await collect(openAIClient({ fetch: fakeFetch({ body }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.content[0]).toMatchObject({ type: 'tool_use', input: {}, rawInput: '{"command": "ls' });
  });

  it('maps finish reasons', () => {
    expect(mapFinishReason('stop', false)).toBe('end_turn');
    expect(mapFinishReason('tool_calls', true)).toBe('tool_use');
    expect(mapFinishReason('length', false)).toBe('max_tokens');
    expect(mapFinishReason('content_filter', false)).toBe('refusal');
    expect(mapFinishReason(undefined, true)).toBe('tool_use');
  });

  it('accepts a stream that ends after finish_reason without [DONE], but not one that ends before', async () => {
    const text = fixture('openai/text.sse');
    const withoutDone = text.slice(0, text.indexOf('data: [DONE]'));
    let result = assemble(await collect(openAIClient({ fetch: fakeFetch({ body: withoutDone }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.stop).toBe('end_turn');
    const early = text.slice(0, text.indexOf('"finish_reason":"stop"') - 200);
    result = assemble(await collect(openAIClient({ fetch: fakeFetch({ body: early, chunkSize: 7 }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.error).toMatchObject({ kind: 'stream_dropped', retryable: true });
  });

  it('asks again without stream_options when the server rejects it, and remembers', async () => {
    const { fetch, calls } = fakeFetch(
      { status: 400, body: JSON.stringify({ error: { message: "Unrecognized request argument supplied: stream_options", type: 'invalid_request_error' } }) },
      { body: fixture('openai/ollama-no-usage.sse') },
    );
    const client = openAIClient({ baseUrl: 'http://localhost:8000/v1', fetch });
    const result = assemble(await collect(client.stream(request(), new AbortController().signal)));
    expect(result.stop).toBe('tool_use');
    expect(calls).toHaveLength(2);
    expect((calls[0]?.body as Record<string, unknown>).stream_options).toEqual({ include_usage: true });
    expect((calls[1]?.body as Record<string, unknown>).stream_options).toBeUndefined();
    await collect(client.stream(request(), new AbortController().signal));
    expect((calls[2]?.body as Record<string, unknown>).stream_options).toBeUndefined();
  });

  it('reads an SSE stream mislabelled as application/json, and rejects a non-streamed JSON answer', async () => {
    const mislabelled = fakeFetch({ body: fixture('openai/text.sse'), headers: { 'content-type': 'application/json' } });
    let result = assemble(await collect(openAIClient({ fetch: mislabelled.fetch }).stream(request(), new AbortController().signal)));
    expect(result.content).toEqual([{ type: 'text', text: 'Hello, wörld! 🚀' }]);
    const whole = fakeFetch({ body: JSON.stringify({ id: 'x', choices: [{ message: { role: 'assistant', content: 'hi' } }] }), headers: { 'content-type': 'application/json' } });
    result = assemble(await collect(openAIClient({ fetch: whole.fetch }).stream(request(), new AbortController().signal)));
    expect(result.error).toMatchObject({ kind: 'invalid_request', retryable: false });
    expect(result.error?.message).toContain('does not support streaming');
  });

  it('a late fragment for an earlier call still reaches it, and blocks stay sequential', async () => {
    const chunks = [
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'A', arguments: '{"x":' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'B', arguments: '{}' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const body = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
    const result = assemble(await collect(openAIClient({ fetch: fakeFetch({ body }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.content[0]).toEqual({ type: 'tool_use', id: 'call_a', name: 'A', input: { x: 1 } });
    expect(result.content[1]).toEqual({ type: 'tool_use', id: 'call_b', name: 'B', input: {} });
  });
});
