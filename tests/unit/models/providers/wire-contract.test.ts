/**
 * The contract every registered wire format meets, checked the same way for each. A new format
 * brings, next to its folder under src/models/wire, a fixture folder tests/fixtures/providers/<id>/
 * holding recorded streams (`text.sse` and at least one tool call) and a model list (`models.json`).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, listModels } from '../../../../src/models/catalogue';
import type { ModelRequest } from '../../../../src/models/port';
import { PROVIDERS, providerInfo } from '../../../../src/models/providers';
import { REDACTED, redactHeaders } from '../../../../src/models/redact';
import { describeCall } from '../../../../src/models/transport';
import { WIRE_FORMATS, wireFormat } from '../../../../src/models/wire';
import { WireClient } from '../../../../src/models/wire-client';
import type { WireEndpoint } from '../../../../src/models/wire-format';
import { SECRET_KEY, assemble, collect, fakeFetch, fixture, request } from './helpers';

const GATEWAY = 'https://gateway.example/llm';

/** One tool round trip: the model called Bash, the tool answered, the model is asked again. */
function toolRequest(model: string): ModelRequest {
  return request({
    model,
    messages: [
      { role: 'user', content: 'List the files.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_contract_1', name: 'Bash', input: { command: 'ls -la' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_contract_1', content: 'notes-from-the-tool.txt' }] },
    ],
  });
}

function recordedStreams(id: string): string[] {
  const folder = fileURLToPath(new URL(`../../../fixtures/providers/${id}/`, import.meta.url));
  return readdirSync(folder).filter((name) => name.endsWith('.sse'));
}

/** A line for people: starts with a capital and has no unfilled value in it. */
function expectLine(text: string | undefined): void {
  expect(text).toMatch(/^[A-Z]/);
  expect(text).not.toMatch(/undefined|NaN|\[object/);
}

/** A sentence: a line ending with a full stop. */
function expectSentence(text: string | undefined): void {
  expectLine(text);
  expect(text).toMatch(/\.$/);
}

describe('the wire-format registry', () => {
  it('holds each format once, under its own id', () => {
    const ids = WIRE_FORMATS.map((format) => format.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const format of WIRE_FORMATS) expect(wireFormat(format.id)).toBe(format);
  });

  it('has the format every provider speaks', () => {
    const ids: string[] = WIRE_FORMATS.map((format) => format.id);
    for (const provider of PROVIDERS) expect(ids).toContain(provider.wire);
  });
});

describe.each(WIRE_FORMATS.map((format) => [format.id, format] as const))('wire format %s', (id, format) => {
  const vendor = providerInfo(format.vendor);
  const vendorModels = CATALOGUE.filter((model) => model.wire === id);
  const someModel = vendor?.defaultModel ?? 'test-model';

  it('describes itself: label, vendor, default base URL and key header', () => {
    expect(format.label.trim()).not.toBe('');
    expect(format.serverName.trim()).not.toBe('');
    // The vendor is a provider in the settings that speaks this format at the same address.
    expect(vendor?.wire).toBe(id);
    expect(vendor?.defaultBaseUrl).toBe(format.defaultBaseUrl);
    expect(new URL(format.defaultBaseUrl).protocol).toBe('https:');
    const headers = format.headers(SECRET_KEY);
    expect(headers[format.keyHeader]).toContain(SECRET_KEY);
    expect(headers['content-type']).toBe('application/json');
    expect(format.headers(SECRET_KEY, false)['content-type']).toBeUndefined();
    expect(redactHeaders(headers)[format.keyHeader]).toBe(REDACTED);
    expectLine(format.baseUrlHint(format.defaultBaseUrl));
  });

  it('builds the HTTP request for a tool-using conversation', async () => {
    const codec = await format.loadCodec();
    const call = codec.call(toolRequest(someModel), { baseUrl: GATEWAY, apiKey: SECRET_KEY });
    expect(call.method).toBe('POST');
    expect(call.url.startsWith(`${GATEWAY}/`)).toBe(true);
    expect(call.headers[format.keyHeader]).toContain(SECRET_KEY);
    expect(call.headers['content-type']).toBe('application/json');
    // The key travels in its header only.
    const sent = JSON.stringify(call.body);
    expect(call.url).not.toContain(SECRET_KEY);
    expect(sent).not.toContain(SECRET_KEY);
    expect(JSON.parse(sent)).toEqual(call.body);
    // Everything the model must see is in the call: model, system prompt, tool, the call and its result.
    expect(`${call.url} ${sent}`).toContain(someModel);
    for (const part of ['You are a careful coding agent.', 'Run a shell command.', '"Bash"', 'List the files.', 'ls -la', 'notes-from-the-tool.txt']) {
      expect(sent).toContain(part);
    }
    expect(describeCall(call).headers[format.keyHeader]).toBe(REDACTED);
  });

  it('maps every recorded stream to a well-formed event sequence', async () => {
    const codec = await format.loadCodec();
    const streams = recordedStreams(id);
    expect(streams).toContain('text.sse');
    let toolCalls = 0;
    for (const name of streams) {
      for (const chunkSize of [0, 7]) {
        const { fetch } = fakeFetch({ body: fixture(`${id}/${name}`), chunkSize });
        const client = new WireClient(format, codec, { apiKey: SECRET_KEY, fetch });
        const result = assemble(await collect(client.stream(request({ model: someModel }), new AbortController().signal)));
        if (name === 'text.sse') {
          expect(result.stop, name).toBe('end_turn');
          expect(result.content.some((block) => block.type === 'text' && block.text.trim() !== ''), name).toBe(true);
          expect(result.usage?.outputTokens, name).toBeGreaterThan(0);
        }
        if (result.stop === 'tool_use') {
          toolCalls++;
          const call = result.content.find((block) => block.type === 'tool_use');
          expect(call?.type === 'tool_use' && call.name !== '' && call.id !== '' && typeof call.input === 'object', name).toBe(true);
        }
      }
    }
    expect(toolCalls, 'a recorded stream with a tool call').toBeGreaterThan(0);
  });

  it('says in plain words what the thinking budget becomes, for some model of its own', () => {
    const hints = vendorModels.filter((model) => model.thinking).map((model) => format.thinkingHint({ model: model.id, budget: 8192, baseUrl: format.defaultBaseUrl }));
    const given = hints.filter((hint) => hint !== undefined);
    expect(given.length).toBeGreaterThan(0);
    for (const hint of given) expectSentence(hint);
  });

  it('lists models: the call, the parsed list, and catalogue prices merged in', async () => {
    const endpoint: WireEndpoint = { baseUrl: GATEWAY, apiKey: SECRET_KEY };
    const call = format.listModelsCall(endpoint);
    expect(call.method).toBe('GET');
    expect(call.url.startsWith(`${GATEWAY}/`)).toBe(true);
    expect(call.url).not.toContain(SECRET_KEY);
    expect(call.headers[format.keyHeader]).toContain(SECRET_KEY);

    const recorded = fixture(`${id}/models.json`);
    const listed = format.parseModelList(JSON.parse(recorded) as Record<string, unknown>, endpoint);
    expect(listed.length).toBeGreaterThan(0);
    for (const model of listed) {
      expect(model.id).toMatch(/^\S+$/);
      expect(recorded).toContain(model.id);
    }
    expect(new Set(listed.map((model) => model.id)).size).toBe(listed.length);

    const { fetch, calls } = fakeFetch({ body: recorded, headers: { 'content-type': 'application/json' } });
    const result = await listModels(vendor?.id ?? 'anthropic', { apiKey: SECRET_KEY, fetch });
    expect(result.source).toBe('provider');
    expect(calls[0]?.url.startsWith(`${format.defaultBaseUrl}/`)).toBe(true);
    expect(result.models.map((model) => model.id)).toEqual(format.parseModelList(JSON.parse(recorded) as Record<string, unknown>, { baseUrl: format.defaultBaseUrl }).map((model) => model.id));
    expect(result.models.every((model) => model.wire === id)).toBe(true);
    expect(result.models.some((model) => model.pricing !== undefined), 'a catalogue model gets its prices').toBe(true);
  });
});
