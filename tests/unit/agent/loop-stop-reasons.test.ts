import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { transcriptProblems } from '../../../src/agent/transcript';
import { messageText } from '../../../src/models/messages';
import { EventListClient, eventsOf, fakeTool, resultTextOf, runLoop, textAnswer } from './fakes';
import { transcriptOf } from '../../../src/agent/event-log';

const echo = fakeTool({ name: 'Echo' });

describe('runAgentLoop stop reasons', () => {
  it('completed: the model answers without tools', async () => {
    const run = await runLoop({ script: [{ text: 'Hello there.' }] });
    expect(run.reason).toBe('completed');
    expect(run.messages).toHaveLength(2);
    expect(messageText(run.messages[1]!)).toBe('Hello there.');
    const types = run.events.map((event) => event.type);
    expect(types[0]).toBe('run_start');
    expect(types.at(-1)).toBe('run_end');
    expect(types).toContain('model_request');
    expect(types).toContain('text_delta');
    expect(types).toContain('usage');
    expect(types).toContain('assistant_message');
    const end = eventsOf(run.events, 'run_end')[0]!;
    expect(end.reason).toBe('completed');
    // Everything the loop appended to the transcript is in its events: the log rebuilds it.
    expect(transcriptOf(run.events.map((event) => ({ at: 0, event })))).toEqual(run.messages.slice(1));
  });

  it('runs tools and feeds results back until the model stops calling them', async () => {
    const run = await runLoop({
      tools: [echo],
      script: [
        { text: 'Calling.', toolCalls: [{ name: 'Echo', input: { value: 'a' } }] },
        (context) => ({ text: `Got ${resultTextOf(context.lastToolResults[0]!.content)}` }),
      ],
    });
    expect(run.reason).toBe('completed');
    expect(run.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(messageText(run.messages[3]!)).toBe('Got Echo: {"value":"a"}');
    expect(transcriptProblems(run.messages)).toEqual([]);
    const request = eventsOf(run.events, 'model_request')[1]!.request;
    expect(request.model).toBe('test-model');
    expect(request.system).toBe('You are a test.');
    expect(request.messages).toHaveLength(3);
    expect(request.tools[0]).toMatchObject({ name: 'Echo', input_schema: { type: 'object' } });
    expect(request.tools[0]!.input_schema).not.toHaveProperty('$schema');
  });

  it('model_request keeps the exact messages sent, even as the transcript grows', async () => {
    const run = await runLoop({
      tools: [echo],
      script: [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }] }, { text: 'done' }],
    });
    const [first, second] = eventsOf(run.events, 'model_request');
    expect(first!.request.messages).toHaveLength(1);
    expect(second!.request.messages).toHaveLength(3);
  });

  it('max_turns: stops when the model keeps calling tools, with every call answered', async () => {
    const again = { toolCalls: [{ name: 'Echo', input: { value: 'x' } }] };
    const run = await runLoop({ tools: [echo], settings: { maxTurns: 3 }, script: [again, again, again, again, again] });
    expect(run.reason).toBe('max_turns');
    expect(eventsOf(run.events, 'turn_start')).toHaveLength(3);
    expect(transcriptProblems(run.messages)).toEqual([]);
    expect(run.messages.at(-1)!.role).toBe('user');
  });

  it('model_error: a non-retryable error ends the run and is reported', async () => {
    const model = new EventListClient([
      [{ type: 'error', error: { kind: 'auth', message: 'Invalid API key', status: 401, retryable: false } }],
    ]);
    const run = await runLoop({ model });
    expect(run.reason).toBe('model_error');
    expect(run.detail).toBe('Invalid API key');
    expect(eventsOf(run.events, 'error')[0]!.error).toMatchObject({ kind: 'auth' });
    expect(eventsOf(run.events, 'retry')).toHaveLength(0);
    expect(run.messages).toHaveLength(1);
  });

  it('model_error: a client that throws does not crash the run', async () => {
    const model = new EventListClient([
      async function* () {
        yield { type: 'message_start' as const };
        throw new Error('socket hang up');
      },
    ]);
    const run = await runLoop({ model });
    expect(run.reason).toBe('model_error');
    expect(run.detail).toContain('socket hang up');
  });

  it('max_tokens: a cut-off text answer ends the run when continuations are off', async () => {
    const run = await runLoop({ settings: { maxContinuations: 0 }, script: [{ text: 'A very long answer that', stopReason: 'max_tokens' }] });
    expect(run.reason).toBe('max_tokens');
    expect(run.detail).toBe('The answer hit the output token limit.');
    expect(messageText(run.messages[1]!)).toBe('A very long answer that');
  });

  it('max_tokens: a tool call cut mid-JSON is answered with an error and the model continues once', async () => {
    const cut = { text: 'Writing.', toolCalls: [{ name: 'Echo', rawJson: '{"value": "half a fi' }], stopReason: 'max_tokens' as const };
    const run = await runLoop({
      tools: [echo],
      script: [cut, { text: 'Sorry, smaller pieces then.' }],
    });
    expect(run.reason).toBe('completed');
    const result = eventsOf(run.events, 'tool_result')[0]!.result;
    expect(result.is_error).toBe(true);
    expect(resultTextOf(result.content)).toContain('output token limit');
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('max_tokens: a second cut-off tool call ends the run with max_tokens, transcript valid', async () => {
    const cut = { toolCalls: [{ name: 'Echo', rawJson: '{"value": "half' }], stopReason: 'max_tokens' as const };
    const run = await runLoop({ tools: [echo], script: [cut, cut, { text: 'never reached' }] });
    expect(run.reason).toBe('max_tokens');
    expect(eventsOf(run.events, 'turn_start')).toHaveLength(2);
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('refusal: ends the run', async () => {
    const run = await runLoop({ script: [{ text: 'I cannot help with that.', stopReason: 'refusal' }] });
    expect(run.reason).toBe('refusal');
  });

  it('refusal with tool calls: the calls are answered, not run', async () => {
    let ran = false;
    const tool = fakeTool({ name: 'Echo', run: () => ((ran = true), { content: 'ran' }) });
    const run = await runLoop({
      tools: [tool],
      script: [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }], stopReason: 'refusal' }],
    });
    expect(run.reason).toBe('refusal');
    expect(ran).toBe(false);
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('budget_exceeded: stops before the next model call once the token budget is spent', async () => {
    const model = new EventListClient([
      [
        { type: 'message_start' },
        { type: 'tool_use_start', index: 0, id: 't1', name: 'Echo' },
        { type: 'tool_use_delta', index: 0, partialJson: '{"value":"a"}' },
        { type: 'block_end', index: 0 },
        { type: 'usage', usage: { inputTokens: 900, outputTokens: 200 } },
        { type: 'stop', reason: 'tool_use' },
      ],
      textAnswer('never'),
    ]);
    const run = await runLoop({ model, tools: [echo], settings: { tokenBudget: 1000 } });
    expect(run.reason).toBe('budget_exceeded');
    expect(model.requests).toHaveLength(1);
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('permission_denied_stop: deny with stop ends the run; later calls are answered, not run', async () => {
    const runs: string[] = [];
    const tool = fakeTool({ name: 'Echo', run: (input) => (runs.push(String(input.value)), { content: 'ok' }) });
    const run = await runLoop({
      tools: [tool],
      permissionMode: 'default',
      askPermission: async () => ({ kind: 'deny', reason: 'not now', stop: true }),
      script: [
        {
          toolCalls: [
            { name: 'Echo', input: { value: 'a' } },
            { name: 'Echo', input: { value: 'b' } },
          ],
        },
        { text: 'never reached' },
      ],
    });
    expect(run.reason).toBe('permission_denied_stop');
    expect(runs).toEqual([]);
    const results = eventsOf(run.events, 'tool_result').map((event) => resultTextOf(event.result.content));
    expect(results).toEqual(['The user denied this: not now', 'Not run: the user stopped the run.']);
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('interrupted: an already-aborted signal ends the run at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runLoop({ signal: controller.signal, script: [{ text: 'never' }] });
    expect(run.reason).toBe('interrupted');
    expect(run.messages).toHaveLength(1);
  });

  it('pause_turn without tools sends the message back to continue', async () => {
    const model = new EventListClient([
      [
        { type: 'message_start' },
        { type: 'text_start', index: 0 },
        { type: 'text_delta', index: 0, text: 'Thinking hard…' },
        { type: 'block_end', index: 0 },
        { type: 'stop', reason: 'pause_turn' },
      ],
      textAnswer('Done.'),
    ]);
    const run = await runLoop({ model });
    expect(run.reason).toBe('completed');
    expect(model.requests[1]!.messages.at(-1)!.role).toBe('assistant');
  });

  it('reports usage, with cost when pricing is given', async () => {
    const run = await runLoop({
      model: new EventListClient([textAnswer('hi')]),
      settings: { costOf: (usage) => usage.outputTokens * 0.001 },
    });
    expect(eventsOf(run.events, 'usage')[0]).toMatchObject({ usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.005 });
  });

  it('validates with zod defaults applied before running', async () => {
    const seen: unknown[] = [];
    const tool = fakeTool({
      name: 'Defaults',
      schema: z.object({ value: z.string(), count: z.number().default(3) }),
      run: (input) => (seen.push(input), { content: 'ok' }),
    });
    await runLoop({ tools: [tool], script: [{ toolCalls: [{ name: 'Defaults', input: { value: 'v' } }] }, { text: 'done' }] });
    expect(seen).toEqual([{ value: 'v', count: 3 }]);
  });

  it('a tool whose permission() throws is refused with the reason, not crashed', async () => {
    const tool = { ...echo, permission: () => { throw new Error('bad path'); } };
    const run = await runLoop({ tools: [tool], permissionMode: 'default', script: [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }] }, { text: 'ok' }] });
    expect(run.reason).toBe('completed');
    expect(resultTextOf(eventsOf(run.events, 'tool_result')[0]!.result.content)).toBe('Echo could not describe this call: bad path');
  });

  it('an unexpected internal error ends the run as model_error with a valid transcript', async () => {
    const events: string[] = [];
    const { runAgentLoop } = await import('../../../src/agent/loop');
    const { stubSandbox, userPrompt } = await import('./fakes');
    const { ScriptedModelClient } = await import('../../../src/models/scripted');
    const messages = userPrompt('Go');
    const result = await runAgentLoop(
      {
        model: new ScriptedModelClient({ script: [{ toolCalls: [{ name: 'Echo', input: { value: 'a' } }] }] }),
        modelId: 'm',
        systemPrompt: '',
        messages,
        tools: [echo],
        sandbox: stubSandbox(),
        readLedger: new Map(),
        signal: new AbortController().signal,
        askPermission: async () => ({ kind: 'allow_once' }),
        permissionMode: 'bypass',
      },
      (event) => {
        events.push(event.type);
        if (event.type === 'tool_call') throw new Error('listener bug');
      },
    );
    expect(result.reason).toBe('model_error');
    expect(result.detail).toBe('Internal error: listener bug');
    expect(events).toContain('error');
    expect(transcriptProblems(result.messages)).toEqual([]);
  });
});
