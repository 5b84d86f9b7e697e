import { describe, expect, it } from 'vitest';
import type { ModelEvent, ModelRequest } from '../../../src/models/port';
import { SCRIPT_EXHAUSTED_TEXT, ScriptedModelClient, splitIntoWordChunks, type ScriptStep } from '../../../src/models/scripted';

const request = (messages: ModelRequest['messages'] = [{ role: 'user', content: 'hi' }]): ModelRequest => ({
  model: 'scripted',
  system: 'sys',
  messages,
  tools: [],
  maxTokens: 1000,
});

async function collect(client: ScriptedModelClient, req = request(), signal = new AbortController().signal): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of client.stream(req, signal)) events.push(event);
  return events;
}

describe('ScriptedModelClient', () => {
  it('identifies itself', () => {
    const client = new ScriptedModelClient({ script: [] });
    expect(client.provider).toBe('scripted');
    expect(client.label).toBe('Demo model (scripted)');
  });

  it('splits prose into word chunks that join back exactly', () => {
    const text = 'Hello  world,\nthis is\tit. ';
    const chunks = splitIntoWordChunks(text);
    expect(chunks.join('')).toBe(text);
    expect(chunks).toEqual(['Hello  ', 'world,\n', 'this ', 'is\t', 'it. ']);
  });

  it('streams thinking, text word by word and tool input JSON in pieces, then usage and tool_use', async () => {
    const input = { file_path: 'src/a-rather-long-file-name.ts', content: 'export const answer = 42;\n' };
    const client = new ScriptedModelClient({
      script: [{ thinking: 'Think first.', text: 'I will write the file now.', toolCalls: [{ name: 'Write', input, id: 'w1' }] }],
    });
    const events = await collect(client);
    expect(events[0]).toEqual({ type: 'message_start', model: 'scripted' });
    const textDeltas = events.filter((e) => e.type === 'text_delta');
    expect(textDeltas.length).toBe(6);
    const json = events.flatMap((e) => (e.type === 'tool_use_delta' ? [e.partialJson] : []));
    expect(json.length).toBeGreaterThan(3);
    expect(JSON.parse(json.join(''))).toEqual(input);
    expect(events.find((e) => e.type === 'tool_use_start')).toEqual({ type: 'tool_use_start', index: 2, id: 'w1', name: 'Write' });
    const usage = events.find((e) => e.type === 'usage');
    expect(usage?.type === 'usage' && usage.usage.inputTokens > 0 && usage.usage.outputTokens > 0).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'stop', reason: 'tool_use' });
    expect(client.position).toBe(1);
  });

  it('stops with end_turn without tools, gives unique tool ids, and honours a stop reason override', async () => {
    const client = new ScriptedModelClient({
      script: [
        { text: 'Plain.' },
        { toolCalls: [{ name: 'A', input: {} }, { name: 'B', input: {} }] },
        { text: 'Cut', stopReason: 'max_tokens' },
      ],
    });
    expect((await collect(client)).at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
    const second = await collect(client);
    const ids = second.flatMap((e) => (e.type === 'tool_use_start' ? [e.id] : []));
    expect(new Set(ids).size).toBe(2);
    expect((await collect(client)).at(-1)).toEqual({ type: 'stop', reason: 'max_tokens' });
  });

  it('plays dynamic steps as a function of the transcript', async () => {
    const step: ScriptStep = (context) => ({
      text: `Saw ${context.lastToolResults.length} result(s) at step ${context.step}: ${String(context.lastToolResults[0]?.content)}`,
    });
    const client = new ScriptedModelClient({ script: [step] });
    const events = await collect(
      client,
      request([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'FAIL' }] },
      ]),
    );
    const text = events.flatMap((e) => (e.type === 'text_delta' ? [e.text] : [])).join('');
    expect(text).toBe('Saw 1 result(s) at step 0: FAIL');
  });

  it('skips a dynamic step that returns null and plays the next one', async () => {
    const seen: number[] = [];
    const client = new ScriptedModelClient({
      script: [
        { text: 'first' },
        (context) => {
          seen.push(context.step);
          return null;
        },
        (context) => ({ text: `third at step ${context.step}` }),
      ],
    });
    await collect(client);
    const events = await collect(client);
    expect(events.flatMap((e) => (e.type === 'text_delta' ? [e.text] : [])).join('')).toBe('third at step 2');
    expect(seen).toEqual([1]);
    expect(client.finished).toBe(true);
  });

  it('a turn with endsScript jumps to the end: later prompts get the exhausted answer until reset', async () => {
    const client = new ScriptedModelClient({ script: [{ text: 'Giving up.', endsScript: true }, { text: 'never played' }] });
    const text = async (): Promise<string> => (await collect(client)).flatMap((e) => (e.type === 'text_delta' ? [e.text] : [])).join('');
    expect(await text()).toBe('Giving up.');
    expect(client.finished).toBe(true);
    expect(await text()).toBe(SCRIPT_EXHAUSTED_TEXT);
    client.reset();
    expect(await text()).toBe('Giving up.');
  });

  it('an interrupted endsScript turn does not end the script', async () => {
    const client = new ScriptedModelClient({ script: [{ text: 'one two three four', endsScript: true }], chunkDelayMs: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 8);
    await collect(client, request(), controller.signal);
    expect(client.position).toBe(0);
  });

  it('a step that throws becomes an error event', async () => {
    const client = new ScriptedModelClient({
      script: [
        () => {
          throw new Error('bad step');
        },
      ],
    });
    const events = await collect(client);
    expect(events).toEqual([{ type: 'error', error: { kind: 'unknown', message: 'The script step failed: bad step', retryable: false } }]);
  });

  it('says so when the script runs out', async () => {
    const client = new ScriptedModelClient({ script: [] });
    const events = await collect(client);
    expect(events.flatMap((e) => (e.type === 'text_delta' ? [e.text] : [])).join('')).toBe(SCRIPT_EXHAUSTED_TEXT);
    expect(events.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
    expect(client.finished).toBe(true);
  });

  it('streams at the configured pace and stops promptly on abort, without advancing', async () => {
    const client = new ScriptedModelClient({ script: [{ text: 'one two three four five six seven eight nine ten' }], chunkDelayMs: 20 });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 50);
    const events = await collect(client, request(), controller.signal);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(150);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { kind: 'aborted' } });
    const deltas = events.filter((e) => e.type === 'text_delta').length;
    expect(deltas).toBeGreaterThanOrEqual(1);
    expect(deltas).toBeLessThan(10);
    expect(client.position).toBe(0);
    client.reset();
    expect(client.position).toBe(0);
  });

  it('an already-aborted signal yields only the abort error', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = new ScriptedModelClient({ script: [{ text: 'x' }] });
    expect(await collect(client, request(), controller.signal)).toEqual([
      { type: 'error', error: { kind: 'aborted', message: 'The request was interrupted', retryable: false } },
    ]);
  });

  it('leaves a max_tokens tool call unclosed, like a real cut-off stream', async () => {
    const client = new ScriptedModelClient({ script: [{ toolCalls: [{ name: 'W', rawJson: '{"a": "b' }], stopReason: 'max_tokens' }] });
    const events = await collect(client);
    expect(events.some((e) => e.type === 'block_end')).toBe(false);
  });
});
