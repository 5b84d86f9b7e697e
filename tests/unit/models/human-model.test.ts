import { describe, expect, it } from 'vitest';
import { Session } from '../../../src/agent/session';
import { HumanModel, type HumanTurn } from '../../../src/models/human-model';
import type { ModelEvent, ModelRequest } from '../../../src/models/port';
import { estimateRequestTokens } from '../../../src/models/token-estimate';
import { fakeTool, resultTextOf, stubSandbox } from '../agent/fakes';

const request = (tools: ModelRequest['tools'] = [{ name: 'Read', description: 'Reads a file.', input_schema: { type: 'object' } }]): ModelRequest => ({
  model: 'human',
  system: 'You are a coding agent.',
  messages: [{ role: 'user', content: 'Read the README' }],
  tools,
  maxTokens: 1000,
});

async function collect(stream: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The next waiting turn, as the answer panel would see it. */
function nextTurn(model: HumanModel): Promise<HumanTurn> {
  return new Promise((resolve) => {
    const stop = model.subscribe((turns) => {
      const first = turns[0];
      if (!first) return;
      queueMicrotask(() => stop());
      resolve(first);
    });
  });
}

describe('HumanModel', () => {
  it('publishes the request and waits for the answer', async () => {
    const model = new HumanModel();
    const seen: number[] = [];
    model.subscribe((turns) => seen.push(turns.length));
    const req = request();
    const events = collect(model.stream(req, new AbortController().signal));
    const turn = await nextTurn(model);
    expect(turn.request).toBe(req);
    expect(turn.inputTokens).toBe(estimateRequestTokens(req));
    expect(model.pending).toEqual([turn]);
    expect(model.answer(turn.id, { text: 'Done.', toolCalls: [] })).toBeUndefined();
    expect(await events).toEqual([
      { type: 'message_start', model: 'human' },
      { type: 'text_start', index: 0 },
      { type: 'text_delta', index: 0, text: 'Done.' },
      { type: 'block_end', index: 0 },
      { type: 'usage', usage: { inputTokens: turn.inputTokens, outputTokens: 2 } },
      { type: 'stop', reason: 'end_turn' },
    ]);
    expect(model.pending).toEqual([]);
    expect(seen).toEqual([0, 1, 0]);
  });

  it('streams tool calls as tool_use blocks with their JSON input and stops for tool_use', async () => {
    const model = new HumanModel();
    const events = collect(model.stream(request(), new AbortController().signal));
    const turn = await nextTurn(model);
    model.answer(turn.id, { text: 'Reading it.', toolCalls: [{ name: 'Read', input: { file_path: 'README.md' } }, { name: 'Read', input: { file_path: 'a.ts', limit: 5 } }] });
    const all = await events;
    const starts = all.filter((event) => event.type === 'tool_use_start');
    expect(starts.map((event) => [event.index, event.name])).toEqual([
      [1, 'Read'],
      [2, 'Read'],
    ]);
    const ids = starts.map((event) => event.id);
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => /^toolu_[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(all.filter((event) => event.type === 'tool_use_delta').map((event) => JSON.parse(event.partialJson) as unknown)).toEqual([{ file_path: 'README.md' }, { file_path: 'a.ts', limit: 5 }]);
    expect(all.at(-1)).toEqual({ type: 'stop', reason: 'tool_use' });
  });

  it('refuses an empty answer, a tool the request does not offer and a turn that is not waiting', async () => {
    const model = new HumanModel();
    const signal = new AbortController().signal;
    const events = collect(model.stream(request(), signal));
    const turn = await nextTurn(model);
    expect(model.answer(turn.id, { text: '  ', toolCalls: [] })).toMatch(/Write some text or add a tool call/);
    expect(model.answer(turn.id, { text: '', toolCalls: [{ name: 'Bash', input: {} }] })).toMatch(/no tool named "Bash"/);
    expect(model.answer(turn.id + 1, { text: 'hi', toolCalls: [] })).toMatch(/no longer waiting/);
    expect(model.pending).toHaveLength(1);
    model.answer(turn.id, { text: 'ok', toolCalls: [] });
    await events;
  });

  it('ends cleanly when the run is stopped while it waits', async () => {
    const model = new HumanModel();
    const controller = new AbortController();
    const events = collect(model.stream(request(), controller.signal));
    const turn = await nextTurn(model);
    controller.abort();
    expect(await events).toEqual([{ type: 'error', error: { kind: 'aborted', message: 'The request was interrupted', retryable: false } }]);
    expect(model.pending).toEqual([]);
    expect(model.answer(turn.id, { text: 'late', toolCalls: [] })).toMatch(/no longer waiting/);
  });

  it('keeps several waiting requests in order', async () => {
    const model = new HumanModel();
    const first = collect(model.stream(request(), new AbortController().signal));
    const second = collect(model.stream(request(), new AbortController().signal));
    await Promise.resolve();
    const [a, b] = model.pending;
    if (!a || !b) throw new Error('two turns expected');
    model.answer(b.id, { text: 'second', toolCalls: [] });
    model.answer(a.id, { text: 'first', toolCalls: [] });
    expect((await first).find((event) => event.type === 'text_delta')).toMatchObject({ text: 'first' });
    expect((await second).find((event) => event.type === 'text_delta')).toMatchObject({ text: 'second' });
  });

  it('drives the real loop: the harness runs the call and asks again with its result', async () => {
    const model = new HumanModel();
    const session = new Session({ sandbox: stubSandbox(), model, tools: [fakeTool({ name: 'Echo' })], permissionMode: 'bypass' });
    const run = session.send('Echo hello');
    const first = await nextTurn(model);
    expect(first.request.tools.map((tool) => tool.name)).toContain('Echo');
    expect(first.request.messages.at(-1)).toMatchObject({ role: 'user' });
    model.answer(first.id, { text: '', toolCalls: [{ name: 'Echo', input: { value: 'hello' } }] });
    const second = await nextTurn(model);
    const last = second.request.messages.at(-1);
    const result = typeof last?.content === 'string' ? undefined : last?.content.find((block) => block.type === 'tool_result');
    expect(result?.type === 'tool_result' ? resultTextOf(result.content) : '').toBe('Echo: {"value":"hello"}');
    model.answer(second.id, { text: 'It echoed hello.', toolCalls: [] });
    expect(await run).toBe('completed');
  });

  it('stops the run cleanly when interrupted while the person writes', async () => {
    const model = new HumanModel();
    const session = new Session({ sandbox: stubSandbox(), model, tools: [], permissionMode: 'bypass' });
    const run = session.send('hi');
    await nextTurn(model);
    session.interrupt();
    expect(await run).toBe('interrupted');
    expect(model.pending).toEqual([]);
  });
});
