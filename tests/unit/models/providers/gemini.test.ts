import { syntheticToolUseId } from '../../../../src/models/ids';
import { describe, expect, it } from 'vitest';
import { geminiClient } from './clients';
import { MessageAssembler } from '../../../../src/agent/message-assembler';
import { UNSIGNED_CALL_SIGNATURE, buildGeminiBody, toGeminiContents } from '../../../../src/models/wire/gemini/request';
import { isGemini3OrLater } from '../../../../src/models/wire/gemini/thinking';
import { toGeminiParameters } from '../../../../src/models/wire/gemini/schema';
import { mapGeminiFinishReason } from '../../../../src/models/wire/gemini/stream';
import type { Message } from '../../../../src/models/messages';
import { CHUNK_SIZES, SECRET_KEY, assemble, collect, fakeFetch, fixture, request } from './helpers';

async function run(file: string, chunkSize = 0) {
  const { fetch, calls } = fakeFetch({ body: fixture(`gemini/${file}`), chunkSize });
  const client = geminiClient({ apiKey: SECRET_KEY, fetch });
  const events = await collect(client.stream(request({ model: 'gemini-2.5-flash' }), new AbortController().signal));
  return { events, calls, result: assemble(events) };
}

describe('Gemini request', () => {
  it('POSTs streamGenerateContent?alt=sse with the key in x-goog-api-key, never the URL', async () => {
    const { calls } = await run('text.sse');
    expect(calls[0]?.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(calls[0]?.url).not.toContain(SECRET_KEY);
    expect(calls[0]?.headers['x-goog-api-key']).toBe(SECRET_KEY);
  });

  it('accepts "models/…" model names', async () => {
    const { fetch, calls } = fakeFetch({ body: fixture('gemini/text.sse') });
    await collect(geminiClient({ apiKey: SECRET_KEY, fetch }).stream(request({ model: 'models/gemini-2.5-pro' }), new AbortController().signal));
    expect(calls[0]?.url).toContain('/v1beta/models/gemini-2.5-pro:streamGenerateContent');
  });

  it('converts the transcript: roles, function calls, named function responses, images', () => {
    // Ids we made up (Gemini sent none) are not sent back.
    const [A, B] = [syntheticToolUseId(), syntheticToolUseId()];
    const messages: Message[] = [
      { role: 'user', content: 'Look at this' },
      { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' } }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'hmm' },
          { type: 'text', text: 'Running.' },
          { type: 'tool_use', id: A, name: 'Bash', input: { command: 'ls' } },
          { type: 'tool_use', id: B, name: 'Read', input: { path: 'x.png' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'also this' },
          { type: 'tool_result', tool_use_id: A, content: 'x.png' },
          {
            type: 'tool_result',
            tool_use_id: B,
            content: [
              { type: 'text', text: 'no such file' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
            ],
            is_error: true,
          },
        ],
      },
    ];
    expect(toGeminiContents(messages)).toEqual([
      { role: 'user', parts: [{ text: 'Look at this' }, { inlineData: { mimeType: 'image/png', data: 'iVBO' } }] },
      { role: 'model', parts: [{ text: 'Running.' }, { functionCall: { name: 'Bash', args: { command: 'ls' } } }, { functionCall: { name: 'Read', args: { path: 'x.png' } } }] },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'Bash', response: { output: 'x.png' } } },
          { functionResponse: { name: 'Read', response: { error: 'no such file' } } },
          { text: 'also this' },
          { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
        ],
      },
    ]);
  });

  it('sends each thought signature back on the call it came with, and nothing on calls Gemini left unsigned', async () => {
    const { events } = await run('function-call.sse');
    const assembler = new MessageAssembler();
    for (const event of events) assembler.apply(event);
    const answer = assembler.finish();
    const contents = toGeminiContents([{ role: 'user', content: 'look around' }, answer], true);
    expect(contents[1]?.parts).toEqual([
      { text: "I'll look around first." },
      { functionCall: { name: 'Bash', args: { command: 'ls -la' } }, thoughtSignature: 'CiQB0e2Kb7kq2eXyFakeSignatureForFixture' },
      { functionCall: { name: 'Read', args: { path: 'café.md', limit: 20 } } },
    ]);
  });

  it('gives calls another model made the documented stand-in signature, only for Gemini 3 and later', () => {
    const [A, B] = [syntheticToolUseId(), syntheticToolUseId()];
    const messages: Message[] = [
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: A, name: 'Bash', input: { command: 'ls' } },
          { type: 'tool_use', id: B, name: 'Glob', input: { pattern: '*' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: A, content: 'a' }, { type: 'tool_result', tool_use_id: B, content: 'b' }] },
    ];
    const modelTurn = (model: string) => buildGeminiBody(request({ model, messages })).contents[1]?.parts;
    for (const model of ['gemini-3-pro-preview', 'gemini-3.5-flash', 'gemini-flash-latest', 'models/gemini-4-argon']) {
      expect(modelTurn(model), model).toEqual([
        { functionCall: { name: 'Bash', args: { command: 'ls' } }, thoughtSignature: UNSIGNED_CALL_SIGNATURE },
        { functionCall: { name: 'Glob', args: { pattern: '*' } } },
      ]);
    }
    for (const model of ['gemini-2.5-flash', 'gemini-1.5-pro']) {
      expect(modelTurn(model)?.some((part) => part.thoughtSignature !== undefined), model).toBe(false);
    }
    expect(isGemini3OrLater('gemini-2.0-flash')).toBe(false);
    expect(isGemini3OrLater('gemini-3-flash')).toBe(true);
  });

  it("echoes a call's own id in the call and in the function response that answers it", () => {
    const messages: Message[] = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'gemini-call-7', name: 'Bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'gemini-call-7', content: 'a' }] },
    ];
    const contents = toGeminiContents(messages);
    expect(contents[1]?.parts).toEqual([{ functionCall: { id: 'gemini-call-7', name: 'Bash', args: { command: 'ls' } } }]);
    expect(contents[2]?.parts).toEqual([{ functionResponse: { id: 'gemini-call-7', name: 'Bash', response: { output: 'a' } } }]);
  });

  it('builds systemInstruction, functionDeclarations, maxOutputTokens and thinkingConfig', () => {
    const body = buildGeminiBody(
      request({
        model: 'gemini-2.5-flash-lite',
        thinkingBudget: 2048,
        tools: [
          { name: 'Bash', description: 'Run', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'], additionalProperties: false } },
          { name: 'Now', description: 'Time', input_schema: { type: 'object', properties: {}, $schema: 'http://json-schema.org/draft-07/schema#' } },
        ],
      }),
    );
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'You are a careful coding agent.' }] });
    expect(body.generationConfig).toEqual({ maxOutputTokens: 1024, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'Bash', description: 'Run', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } },
          { name: 'Now', description: 'Time' },
        ],
      },
    ]);
    expect(buildGeminiBody(request({ system: '', tools: [] }))).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'List the files.' }] }],
      generationConfig: { maxOutputTokens: 1024 },
    });
  });

  it('gives Gemini 3 and later a thinking level from the budget, Gemini 2 a budget', () => {
    const config = (model: string, thinkingBudget: number) => buildGeminiBody(request({ model, thinkingBudget })).generationConfig.thinkingConfig;
    expect(config('gemini-3.8-flash', 2048)).toEqual({ thinkingLevel: 'low', includeThoughts: true });
    expect(config('gemini-3.8-flash', 4096)).toEqual({ thinkingLevel: 'medium', includeThoughts: true });
    expect(config('gemini-4-argon', 32_768)).toEqual({ thinkingLevel: 'high', includeThoughts: true });
    expect(config('gemini-2.5-flash-lite', 4096)).toEqual({ thinkingBudget: 4096, includeThoughts: true });
  });
});

describe('Gemini schema sanitizer', () => {
  it('keeps the supported subset and rewrites the rest', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      properties: {
        path: { type: 'string', description: 'File', minLength: 1, format: 'uri', default: '.' },
        mode: { const: 'fast' },
        limit: { type: ['integer', 'null'], exclusiveMinimum: 0 },
        kind: { oneOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
        tags: { type: 'array', items: { $ref: '#/$defs/tag' }, examples: [['x']] },
        level: { type: 'integer', enum: [1, 2] },
        options: { type: 'object', additionalProperties: { type: 'string' } },
      },
      required: ['path', 'missing'],
      $defs: { tag: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false } },
    };
    expect(toGeminiParameters(schema)).toEqual({
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File', minLength: 1 },
        mode: { type: 'string', enum: ['fast'] },
        limit: { type: 'integer', nullable: true },
        kind: { type: 'string', enum: ['a', 'b'], nullable: true },
        tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        level: { type: 'integer' },
        options: { type: 'object' },
      },
      required: ['path'],
    });
  });

  it('survives a recursive $ref and merges allOf', () => {
    const schema = {
      type: 'object',
      properties: { node: { $ref: '#/$defs/node' }, both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number' } } }] } },
      $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
    };
    const out = toGeminiParameters(schema);
    expect(JSON.stringify(out)).not.toContain('$ref');
    expect(out?.properties).toMatchObject({ both: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a'] } });
  });

  it('returns undefined for an object with no properties', () => {
    expect(toGeminiParameters({ type: 'object', properties: {}, additionalProperties: false })).toBeUndefined();
  });
});

describe('GeminiClient stream', () => {
  for (const size of CHUNK_SIZES) {
    describe(`chunks of ${size || 'whole'} bytes`, () => {
      it('streams text (CRLF-framed events) with usage', async () => {
        const { events, result } = await run('text.sse', size);
        expect(events[0]).toEqual({ type: 'message_start', model: 'gemini-2.5-flash' });
        expect(result.content).toEqual([{ type: 'text', text: 'Hello, wörld! 🚀 Ready.' }]);
        expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 8 });
        expect(result.stop).toBe('end_turn');
      });

      it('turns function calls into tool_use blocks with synthesized ids', async () => {
        const { result } = await run('function-call.sse', size);
        expect(result.content[0]).toEqual({ type: 'text', text: "I'll look around first." });
        expect(result.content[1]).toMatchObject({ type: 'tool_use', name: 'Bash', input: { command: 'ls -la' } });
        expect(result.content[2]).toMatchObject({ type: 'tool_use', name: 'Read', input: { path: 'café.md', limit: 20 } });
        // Gemini signs only the first of parallel calls; the signature travels with that call.
        expect(result.content[1]).toMatchObject({ signature: 'CiQB0e2Kb7kq2eXyFakeSignatureForFixture' });
        expect(result.content[2]).not.toHaveProperty('signature');
        const ids = result.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
        expect(new Set(ids).size).toBe(2);
        for (const id of ids) expect(id).toMatch(/^toolu_[0-9a-f]{24}$/);
        expect(result.stop).toBe('tool_use');
        // thoughts are billed as output; cached tokens are counted apart
        expect(result.usage).toEqual({ inputTokens: 54, outputTokens: 91, cacheReadTokens: 256 });
      });

      it('maps thought parts to thinking', async () => {
        const { result } = await run('thinking.sse', size);
        expect(result.content).toEqual([
          { type: 'thinking', thinking: '**Comparing numbers**\n\nI compare the decimals.' },
          { type: 'text', text: '9.9 is larger.' },
        ]);
        expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 45 });
      });

      it('maps SAFETY to refusal', async () => {
        const { result } = await run('safety.sse', size);
        expect(result.stop).toBe('refusal');
      });

      it('turns an error payload mid-stream into an overloaded error', async () => {
        const { result } = await run('error-mid-stream.sse', size);
        expect(result.content).toEqual([{ type: 'text', text: 'Working' }]);
        expect(result.error).toMatchObject({ kind: 'overloaded', retryable: true });
      });
    });
  }

  it('maps finish reasons', () => {
    expect(mapGeminiFinishReason('STOP', false)).toBe('end_turn');
    expect(mapGeminiFinishReason('STOP', true)).toBe('tool_use');
    expect(mapGeminiFinishReason('MAX_TOKENS', false)).toBe('max_tokens');
    for (const reason of ['SAFETY', 'RECITATION', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII']) expect(mapGeminiFinishReason(reason, false)).toBe('refusal');
    expect(mapGeminiFinishReason('OTHER', false)).toBe('end_turn');
  });

  it('treats a blocked prompt as a refusal and MALFORMED_FUNCTION_CALL as a retryable error', async () => {
    const blocked = `data: ${JSON.stringify({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } })}\r\n\r\n`;
    let result = assemble(await collect(geminiClient({ apiKey: SECRET_KEY, fetch: fakeFetch({ body: blocked }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.stop).toBe('refusal');
    const malformed = `data: ${JSON.stringify({ candidates: [{ content: { parts: [] }, finishReason: 'MALFORMED_FUNCTION_CALL' }] })}\r\n\r\n`;
    result = assemble(await collect(geminiClient({ apiKey: SECRET_KEY, fetch: fakeFetch({ body: malformed }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.error).toMatchObject({ kind: 'server', retryable: true });
  });

  it('reports a stream without a finishReason as stream_dropped', async () => {
    const text = fixture('gemini/function-call.sse');
    const cut = text.slice(0, text.indexOf('data:', 10));
    const result = assemble(await collect(geminiClient({ apiKey: SECRET_KEY, fetch: fakeFetch({ body: cut }).fetch }).stream(request(), new AbortController().signal)));
    expect(result.error?.kind).toBe('stream_dropped');
  });

  it('describes the request with the key header redacted', () => {
    const description = geminiClient({ apiKey: SECRET_KEY, fetch: fakeFetch().fetch }).describe(request());
    expect(description.headers['x-goog-api-key']).toBe('[redacted]');
    expect(JSON.stringify(description)).not.toContain(SECRET_KEY);
  });
});
