import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/models/messages';
import type { ModelRequest, ToolDefinition } from '../../../src/models/port';
import { MAX_LOGGED_REQUESTS, packRequestLog, unpackRequestLog, type LoggedRequest } from '../../../src/store/request-log';

const TOOLS: ToolDefinition[] = [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];

/** A growing conversation: request N carries the first 2N-1 messages, all shared objects. */
function conversation(turns: number): { messages: Message[]; requests: LoggedRequest[] } {
  const messages: Message[] = [{ role: 'user', content: 'start' }];
  const requests: LoggedRequest[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    const request: ModelRequest = { model: 'claude-sonnet-4-5', system: 'You are Glassbox.', messages: messages.slice(), tools: TOOLS, maxTokens: 8192 };
    requests.push({ run: 1, turn, at: 1_700_000_000_000 + turn, request, usage: { inputTokens: 100 * turn, outputTokens: 10 } });
    const id = `toolu_${turn}`;
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: `echo ${turn}` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: String(turn) }] });
  }
  return { messages, requests };
}

describe('request log', () => {
  it('keeps each shared message, system prompt and tool set once', () => {
    const { requests } = conversation(30);
    const packed = packRequestLog(requests);
    expect(packed.entries).toHaveLength(30);
    expect(packed.messages).toHaveLength(1 + 2 * 29); // every distinct message once, not once per request
    expect(packed.systems).toEqual(['You are Glassbox.']);
    expect(packed.toolSets).toHaveLength(1);
    // Packed size grows with the conversation, not with its square.
    const naive = JSON.stringify(requests).length;
    expect(JSON.stringify(packed).length).toBeLessThan(naive / 4);
  });

  it('reads back what it saved, through a structured clone as IndexedDB stores it', () => {
    const { requests } = conversation(5);
    const restored = unpackRequestLog(structuredClone(packRequestLog(requests)));
    expect(restored).toEqual(requests);
  });

  it('keeps thinking budgets and leaves out what a request did not have', () => {
    const { requests } = conversation(2);
    const first = requests[0] as LoggedRequest;
    const thinking: LoggedRequest = { ...first, request: { ...first.request, thinkingBudget: 4096 } };
    const bare: LoggedRequest = { run: 2, turn: 1, at: 5, request: { ...first.request, system: '' } };
    const restored = unpackRequestLog(packRequestLog([thinking, bare]));
    expect(restored[0]?.request.thinkingBudget).toBe(4096);
    expect(restored[1]).toEqual(bare);
    expect(restored[1]).not.toHaveProperty('usage');
  });

  it('keeps only the newest requests', () => {
    const { requests } = conversation(MAX_LOGGED_REQUESTS + 7);
    const restored = unpackRequestLog(packRequestLog(requests));
    expect(restored).toHaveLength(MAX_LOGGED_REQUESTS);
    expect(restored[0]?.turn).toBe(8);
    expect(restored.at(-1)?.turn).toBe(MAX_LOGGED_REQUESTS + 7);
  });

  it('shares objects with the restored transcript, so the next save does not store them twice', () => {
    const { messages, requests } = conversation(4);
    const transcript = structuredClone(messages);
    const restored = unpackRequestLog(structuredClone(packRequestLog(requests)), transcript);
    expect(restored[3]?.request.messages[0]).toBe(transcript[0]);
    expect(restored[3]?.request.messages.at(-1)).toBe(transcript[6]);
    // A later request built from the live transcript pools with the restored ones.
    const next: LoggedRequest = { run: 2, turn: 1, at: 9, request: { ...(requests[0] as LoggedRequest).request, messages: transcript.slice() } };
    expect(packRequestLog([...restored, next]).messages).toHaveLength(transcript.length);
  });

  it('drops a malformed or tampered log whole, never half of it', () => {
    const packed = packRequestLog(conversation(3).requests);
    expect(unpackRequestLog(undefined)).toEqual([]);
    expect(unpackRequestLog('garbage')).toEqual([]);
    expect(unpackRequestLog({ ...packed, version: 2 })).toEqual([]);
    const outOfRange = structuredClone(packed);
    (outOfRange.entries[1] as { messages: number[] }).messages.push(999);
    expect(unpackRequestLog(outOfRange)).toEqual([]);
    const badSystem = structuredClone(packed);
    (badSystem.entries[0] as { system: number }).system = 7;
    expect(unpackRequestLog(badSystem)).toEqual([]);
    expect(unpackRequestLog({ ...packed, messages: [{ role: 'system', content: 'x' }] })).toEqual([]);
  });
});
