/**
 * Each attempt at a model request ends with a `model_response` event: how it ended, the message
 * as received, usage, timing and (for real providers) the provider's raw stream, bounded; and it
 * survives being stored and read back.
 */
import { describe, expect, it } from 'vitest';
import type { AgentEvent, ModelResponse } from '../../../src/agent/events';
import type { LoggedEvent } from '../../../src/agent/event-log';
import { streamTurnWithRetries } from '../../../src/agent/model-turn';
import type { RetryPolicy } from '../../../src/agent/retry';
import { WireTraceCollector } from '../../../src/agent/wire-trace';
import { foldLog } from '../../../src/app/state/fold';
import { wireFormat } from '../../../src/models/wire';
import { WireClient } from '../../../src/models/wire-client';
import { LogPacker, LogReader } from '../../../src/store/event-log-codec';
import { SECRET_KEY, fakeFetch, fixture, request } from '../models/providers/helpers';

const noWait: RetryPolicy = { maxRetries: 2, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => undefined, random: () => 0 };

async function responses(client: WireClient): Promise<{ events: AgentEvent[]; responses: ModelResponse[] }> {
  const events: AgentEvent[] = [];
  await streamTurnWithRetries(client, request({ model: 'gpt-test' }), new AbortController().signal, 1, noWait, (event) => events.push(event));
  return { events, responses: events.flatMap((event) => (event.type === 'model_response' ? [event.response] : [])) };
}

async function openaiClient(...bodies: Parameters<typeof fakeFetch>): Promise<WireClient> {
  const format = wireFormat('openai');
  return new WireClient(format, await format.loadCodec(), { apiKey: SECRET_KEY, fetch: fakeFetch(...bodies).fetch });
}

describe('model_response', () => {
  it('carries the stop reason, the message, each tool call’s input as streamed, usage, timing and the raw events', async () => {
    const body = fixture('openai/tool-calls.sse');
    const { responses: [response] } = await responses(await openaiClient({ body }));
    expect(response?.outcome).toBe('message');
    expect(response?.attempt).toBe(1);
    expect(response?.stopReason).toBe('tool_use');
    expect(response?.message?.content.filter((block) => block.type === 'tool_use').map((block) => block.type === 'tool_use' && block.name)).toEqual(['Bash', 'Read']);
    expect(Object.values(response?.rawToolInput ?? {})).toEqual(['{"command": "ls -la"}', '{"path": "café.md"}']);
    expect(response?.usage?.outputTokens).toBe(48);
    expect(response?.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(response?.totalMs).toBeGreaterThanOrEqual(response?.firstTokenMs ?? 0);
    const raw = response?.wire?.events.map((event) => event.data) ?? [];
    expect(raw.length).toBe(body.split('\n\n').filter((frame) => frame.trim() !== '').length);
    expect(raw.at(-1)).toBe('[DONE]');
    expect(response?.wire?.omitted).toBe(0);
  });

  it('one per attempt: a refused attempt shows the provider’s body, the retry its answer', async () => {
    const client = await openaiClient({ status: 503, body: '{"error":{"message":"busy"}}' }, { body: fixture('openai/text.sse') });
    const { responses: [failed, answered] } = await responses(client);
    expect(failed?.outcome).toBe('failed');
    expect(failed?.error?.kind).toBe('server');
    expect(failed?.wire?.events).toEqual([{ event: 'http 503', data: '{"error":{"message":"busy"}}' }]);
    expect(answered).toMatchObject({ attempt: 2, outcome: 'message', stopReason: 'end_turn' });
  });

  it('a refused connection to a local server is retried once, not four times', async () => {
    const format = wireFormat('openai');
    const refused = new WireClient(format, await format.loadCodec(), { baseUrl: 'http://127.0.0.1:8000/v1', fetch: fakeFetch(new TypeError('Failed to fetch')).fetch });
    const { events, responses: tries } = await responses(refused);
    expect(tries.map((response) => response.outcome)).toEqual(['failed', 'failed']);
    expect(events.filter((event) => event.type === 'retry')).toMatchObject([{ attempt: 1, maxAttempts: 2 }]);
    const remote = new WireClient(format, await format.loadCodec(), { baseUrl: 'https://api.example.com/v1', fetch: fakeFetch(new TypeError('Failed to fetch')).fetch });
    expect((await responses(remote)).responses).toHaveLength(3); // the policy's two retries
  });

  it('a long stream keeps its first and last events within a bound, and says how many it left out', () => {
    const trace = new WireTraceCollector();
    for (let i = 0; i < 5000; i++) trace.add({ data: `{"delta":"word ${i} ${'x'.repeat(100)}"}` });
    const result = trace.result();
    expect(result).toBeDefined();
    const kept = result?.events ?? [];
    expect(kept.length + (result?.omitted ?? 0)).toBe(5000);
    expect(JSON.stringify(kept).length).toBeLessThan(64_000);
    expect(kept[0]?.data).toContain('word 0 ');
    expect(kept.at(-1)?.data).toContain('word 4999 ');
    expect(kept[result?.omittedAfter ?? 0]?.data).not.toContain(`word ${result?.omittedAfter ?? 0} `);
    expect(new WireTraceCollector().result()).toBeUndefined();
  });

  it('the inspector entry folds its responses, and they read back from the stored log', async () => {
    const { events } = await responses(await openaiClient({ status: 503, body: '{}' }, { body: fixture('openai/tool-calls.sse') }));
    const log: LoggedEvent[] = [
      { at: 1, event: { type: 'run_start', runId: 'r1', prompt: 'hi', at: 1 } },
      { at: 2, event: { type: 'model_request', turn: 1, request: request({ model: 'gpt-test' }) } },
      ...events.map((event, i) => ({ at: 3 + i, event })),
    ];
    const live = foldLog(log);
    expect(live.requests[0]?.responses.map((response) => response.outcome)).toEqual(['failed', 'message']);
    const reader = new LogReader();
    reader.read(JSON.parse(JSON.stringify(new LogPacker().pack(log))));
    const reread = reader.finish();
    expect(reread.dropped).toEqual({ count: 0, chunks: 0 });
    expect(foldLog(reread.log).requests).toEqual(live.requests);
  });
});
