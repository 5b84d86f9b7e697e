import { describe, expect, it } from 'vitest';
import { eventsOf } from './fakes';
import { runLongSession } from './long-session';
import { WIRE_FORMATS } from '../../../src/models/wire';
import type { ModelRequest } from '../../../src/models/port';

/** The request body as sent, without Anthropic's cache markers (they say where to cache, they are not content). */
function withoutMarkers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMarkers);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'cache_control').map(([key, inner]) => [key, withoutMarkers(inner)]));
}

/** Everything but the conversation array, and the conversation array, of a body of any wire format. */
function split(body: unknown): { head: string; turns: string[] } {
  const record = withoutMarkers(body) as Record<string, unknown>;
  const key = Array.isArray(record['messages']) ? 'messages' : 'contents';
  const { [key]: turns, ...head } = record;
  return { head: JSON.stringify(head), turns: (turns as unknown[]).map((turn) => JSON.stringify(turn)) };
}

describe('the stable prefix', () => {
  it('system prompt, tools and earlier messages are byte-identical from turn to turn, through compactions, for every wire format', async () => {
    const run = await runLongSession({ turns: 60, context: { contextWindow: 24_000, microCompact: false }, simulateCache: false });
    const compactions = eventsOf(run.events, 'compaction').length;
    expect(compactions).toBeGreaterThan(0);
    const requests = eventsOf(run.events, 'model_request').map((event) => event.request);
    // Consecutive ordinary requests, not separated by a compaction (whose summary request sits between them).
    const pairs: Array<[ModelRequest, ModelRequest]> = [];
    for (let i = 1; i < requests.length; i++) {
      const before = requests[i - 1];
      const after = requests[i];
      if (before && after && before.purpose === undefined && after.purpose === undefined) pairs.push([before, after]);
    }
    // Most of the 60 turns: each compaction breaks one pair (and the tool set adds to every request).
    expect(pairs.length).toBeGreaterThan(40);
    for (const wire of WIRE_FORMATS) {
      const codec = await wire.loadCodec();
      for (const [before, after] of pairs) {
        const a = split(codec.call(before, { baseUrl: 'https://example.test', apiKey: 'k' }).body);
        const b = split(codec.call(after, { baseUrl: 'https://example.test', apiKey: 'k' }).body);
        expect(b.head, wire.id).toBe(a.head);
        // Every message of the earlier request but its last (a user turn the next one may extend) is sent again as is.
        expect(b.turns.slice(0, a.turns.length - 1), wire.id).toEqual(a.turns.slice(0, -1));
      }
    }
  }, 60_000);

  it('Anthropic marks the summary as a cache breakpoint right after a compaction', async () => {
    const run = await runLongSession({ turns: 30, context: { contextWindow: 24_000 }, simulateCache: false });
    const events = run.events;
    const at = events.findIndex((event) => event.type === 'compaction');
    const next = events.slice(at).find((event) => event.type === 'model_request' && event.request.purpose === undefined);
    expect(next?.type).toBe('model_request');
    if (next?.type !== 'model_request') return;
    const codec = await WIRE_FORMATS[0].loadCodec();
    const body = codec.call(next.request, { baseUrl: 'https://example.test', apiKey: 'k' }).body as { messages: Array<{ content: Array<{ cache_control?: unknown }> }> };
    const first = body.messages[0]?.content;
    expect(first?.some((block) => block.cache_control !== undefined)).toBe(true);
  }, 30_000);
});
