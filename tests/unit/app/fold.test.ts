import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import type { ModelRequest } from '../../../src/models/port';
import {
  describeStop,
  foldEvent,
  foldEvents,
  initialView,
  pendingPermissions,
  runState,
  summarizeInput,
  type ChatItem,
  type ToolItem,
  type ViewState,
} from '../../../src/app/state/fold';

const request = (messages = 1): ModelRequest => ({
  model: 'scripted',
  system: 'You are Glassbox.',
  messages: Array.from({ length: messages }, () => ({ role: 'user' as const, content: 'hi' })),
  tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object' } }],
  maxTokens: 1024,
});

const start: AgentEvent[] = [
  { type: 'run_start', runId: 'r1', prompt: 'Fix the bug', at: 1000 },
  { type: 'turn_start', turn: 1 },
  { type: 'model_request', turn: 1, request: request() },
];

function tool(state: ViewState, id: string): ToolItem {
  const item = state.items.find((i): i is ToolItem => i.kind === 'tool' && i.id === id);
  if (!item) throw new Error(`no tool ${id}`);
  return item;
}

function kinds(items: readonly ChatItem[]): string[] {
  return items.map((i) => i.kind);
}

describe('foldEvent', () => {
  it('starts a run with the user prompt and records the model request', () => {
    const state = foldEvents(start, 5);
    expect(state.running).toBe(true);
    expect(state.runs).toBe(1);
    expect(state.items).toEqual([{ kind: 'user', id: 'r1:user', text: 'Fix the bug' }]);
    expect(state.requests).toHaveLength(1);
    expect(state.requests[0]).toMatchObject({ run: 1, turn: 1, at: 5 });
    expect(runState(state)).toBe('running');
  });

  it('streams thinking and text into blocks and closes them on assistant_message', () => {
    const state = foldEvents([
      ...start,
      { type: 'thinking_delta', turn: 1, index: 0, thinking: 'Let me ' },
      { type: 'thinking_delta', turn: 1, index: 0, thinking: 'look.' },
      { type: 'text_delta', turn: 1, index: 1, text: 'Hello ' },
      { type: 'text_delta', turn: 1, index: 1, text: 'world' },
    ]);
    expect(kinds(state.items)).toEqual(['user', 'thinking', 'text']);
    expect(state.items[1]).toMatchObject({ text: 'Let me look.', streaming: true });
    expect(state.items[2]).toMatchObject({ text: 'Hello world', streaming: true });

    const done = foldEvent(state, {
      type: 'assistant_message',
      turn: 1,
      message: {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Let me look.' },
          { type: 'text', text: 'Hello world' },
        ],
      },
    });
    expect(done.items[1]).toMatchObject({ streaming: false });
    expect(done.items[2]).toMatchObject({ streaming: false });
    // untouched items keep their identity (cheap re-render)
    expect(done.items[0]).toBe(state.items[0]);
  });

  it('inserts text that was never streamed before the tool calls of its turn', () => {
    const state = foldEvents([
      ...start,
      { type: 'tool_call', turn: 1, call: { id: 't1', name: 'Read', input: { file_path: 'a.js' } } },
      {
        type: 'assistant_message',
        turn: 1,
        message: {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Reading a.js' },
            { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'a.js' } },
          ],
        },
      },
    ]);
    expect(kinds(state.items)).toEqual(['user', 'text', 'tool']);
    expect(state.items[1]).toMatchObject({ text: 'Reading a.js', streaming: false });
  });

  it('walks a tool call through permission, tool_start, progress and result', () => {
    let state = foldEvents([
      ...start,
      { type: 'tool_call', turn: 1, call: { id: 't1', name: 'Bash', input: { command: 'npm test' } } },
      { type: 'tool_call', turn: 1, call: { id: 't2', name: 'Read', input: { file_path: '/w/a.js' } } },
    ], 100);
    // Proposed is not running: nothing has started yet.
    expect(tool(state, 't1')).toMatchObject({ status: 'queued', summary: 'npm test' });
    expect(tool(state, 't1').startedAt).toBeUndefined();
    expect(tool(state, 't2').status).toBe('queued');

    const descriptor = { title: 'Run `npm test`', ruleKey: 'Bash(npm test)' };
    state = foldEvent(state, { type: 'permission_request', callId: 't1', descriptor }, 110);
    expect(tool(state, 't1')).toMatchObject({ status: 'permission', permission: descriptor });
    expect(runState(state)).toBe('waiting');
    expect(pendingPermissions(state).map((t) => t.id)).toEqual(['t1']);

    state = foldEvent(state, { type: 'permission_decision', callId: 't1', decision: { kind: 'allow_once' }, automatic: false }, 200);
    expect(tool(state, 't1')).toMatchObject({ status: 'queued', automatic: false, decision: { kind: 'allow_once' } });
    expect(runState(state)).toBe('running');

    state = foldEvent(state, { type: 'tool_start', callId: 't1', at: 205 });
    expect(tool(state, 't1')).toMatchObject({ status: 'running', startedAt: 205 });
    expect(tool(state, 't2').status).toBe('queued');

    state = foldEvent(state, { type: 'tool_progress', callId: 't1', text: 'PASS 1\n' });
    state = foldEvent(state, { type: 'tool_progress', callId: 't1', text: 'PASS 2\n' });
    expect(tool(state, 't1')).toMatchObject({ status: 'running', progress: 'PASS 1\nPASS 2\n' });

    state = foldEvent(state, {
      type: 'tool_result',
      callId: 't1',
      result: { type: 'tool_result', tool_use_id: 't1', content: 'ok' },
      durationMs: 42,
    }, 300);
    expect(tool(state, 't1')).toMatchObject({ status: 'done', output: 'ok', durationMs: 42, isError: false });
    // The next call stays queued until the loop says it started.
    expect(tool(state, 't2').status).toBe('queued');
    state = foldEvent(state, { type: 'tool_start', callId: 't2', at: 301 });
    expect(tool(state, 't2')).toMatchObject({ status: 'running', startedAt: 301 });

    state = foldEvent(state, {
      type: 'tool_result',
      callId: 't2',
      result: { type: 'tool_result', tool_use_id: 't2', content: [{ type: 'text', text: 'nope' }], is_error: true },
      durationMs: 1,
    });
    expect(tool(state, 't2')).toMatchObject({ status: 'error', output: 'nope', isError: true });
  });

  it('shows every call of a parallel read-only batch as running, and a later call as queued', () => {
    let state = foldEvents([
      ...start,
      { type: 'tool_call', turn: 1, call: { id: 'r1', name: 'Read', input: { file_path: 'a.js' } } },
      { type: 'tool_call', turn: 1, call: { id: 'r2', name: 'Read', input: { file_path: 'b.js' } } },
      { type: 'tool_call', turn: 1, call: { id: 'w1', name: 'Write', input: { file_path: 'c.js', content: '' } } },
      { type: 'tool_start', callId: 'r1', at: 10 },
      { type: 'tool_start', callId: 'r2', at: 11 },
    ]);
    expect(['r1', 'r2', 'w1'].map((id) => tool(state, id).status)).toEqual(['running', 'running', 'queued']);
    state = foldEvent(state, {
      type: 'tool_result',
      callId: 'r2',
      result: { type: 'tool_result', tool_use_id: 'r2', content: 'b' },
      durationMs: 3,
    });
    expect(['r1', 'r2', 'w1'].map((id) => tool(state, id).status)).toEqual(['running', 'done', 'queued']);
  });

  it('a call refused before running (invalid input) goes from queued straight to error, never running', () => {
    const seen: string[] = [];
    let state = foldEvents([...start, { type: 'tool_call', turn: 1, call: { id: 'x', name: 'Nope', input: {} } }]);
    seen.push(tool(state, 'x').status);
    state = foldEvent(state, {
      type: 'tool_result',
      callId: 'x',
      result: { type: 'tool_result', tool_use_id: 'x', content: 'Unknown tool "Nope".', is_error: true },
      durationMs: 0,
    });
    seen.push(tool(state, 'x').status);
    expect(seen).toEqual(['queued', 'error']);
  });

  it('keeps a denied call denied when its error result arrives', () => {
    const state = foldEvents([
      ...start,
      { type: 'tool_call', turn: 1, call: { id: 't1', name: 'Write', input: { file_path: 'x', content: 'y' } } },
      { type: 'permission_request', callId: 't1', descriptor: { title: 'Write x', ruleKey: 'Write(x)' } },
      { type: 'permission_decision', callId: 't1', decision: { kind: 'deny', reason: 'not now' }, automatic: false },
      {
        type: 'tool_result',
        callId: 't1',
        result: { type: 'tool_result', tool_use_id: 't1', content: 'The user denied this: not now', is_error: true },
        durationMs: 0,
      },
    ]);
    expect(tool(state, 't1')).toMatchObject({ status: 'denied', decision: { kind: 'deny', reason: 'not now' } });
  });

  it('sums usage and attaches it to the request of its turn', () => {
    const state = foldEvents([
      ...start,
      { type: 'usage', turn: 1, usage: { inputTokens: 100, outputTokens: 20 }, costUsd: 0.001 },
      { type: 'turn_start', turn: 2 },
      { type: 'model_request', turn: 2, request: request(3) },
      { type: 'usage', turn: 2, usage: { inputTokens: 150, outputTokens: 5, cacheReadTokens: 80 } },
    ]);
    expect(state.usage).toEqual({ inputTokens: 250, outputTokens: 25, cacheReadTokens: 80, cacheWriteTokens: 0, costUsd: 0.001 });
    expect(state.requests.map((r) => r.usage?.inputTokens)).toEqual([100, 150]);
  });

  it('ends a run with the reason in plain words and settles what was pending', () => {
    const state = foldEvents([
      ...start,
      { type: 'text_delta', turn: 1, index: 0, text: 'Work' },
      { type: 'tool_call', turn: 1, call: { id: 't1', name: 'Bash', input: { command: 'sleep 9' } } },
      { type: 'run_end', reason: 'interrupted', at: 3500 },
    ]);
    expect(state.running).toBe(false);
    expect(runState(state)).toBe('idle');
    expect(tool(state, 't1').status).toBe('cancelled');
    expect(state.items.find((i) => i.kind === 'text')).toMatchObject({ streaming: false });
    const end = state.items.at(-1);
    expect(end).toMatchObject({ kind: 'run_end', reason: 'interrupted', text: 'Stopped: you interrupted the run', durationMs: 2500 });
    expect(state.lastStop).toEqual({ reason: 'interrupted' });
  });

  it('says plainly when the user denied a call and stopped the run', () => {
    const state = foldEvents([
      ...start,
      { type: 'tool_call', turn: 1, call: { id: 't1', name: 'Bash', input: { command: 'rm -rf x' } } },
      { type: 'permission_request', callId: 't1', descriptor: { title: 'Run rm', ruleKey: 'Bash(rm -rf x)' } },
      { type: 'permission_decision', callId: 't1', decision: { kind: 'deny', reason: 'no', stop: true }, automatic: false },
      {
        type: 'tool_result',
        callId: 't1',
        result: { type: 'tool_result', tool_use_id: 't1', content: 'The user denied this: no', is_error: true },
        durationMs: 0,
      },
      { type: 'run_end', reason: 'permission_denied_stop', detail: 'The user denied a tool call and stopped the run.', at: 2000 },
    ]);
    expect(tool(state, 't1').status).toBe('denied');
    expect(state.items.at(-1)).toMatchObject({
      kind: 'run_end',
      reason: 'permission_denied_stop',
      text: 'Stopped: you denied a tool call and chose to stop the run',
    });
  });

  it('shows errors and retries as notices', () => {
    const state = foldEvents([
      ...start,
      { type: 'retry', attempt: 1, delayMs: 2000, error: { kind: 'overloaded', message: 'Overloaded', retryable: true } },
      { type: 'error', error: { kind: 'auth', message: 'The key was refused', retryable: false } },
      { type: 'run_end', reason: 'model_error', detail: 'auth', at: 2000 },
    ]);
    expect(state.items.filter((i) => i.kind === 'notice')).toMatchObject([
      { level: 'warning', text: expect.stringContaining('retrying in 2\u00a0s… (attempt 1') },
      { level: 'error', text: 'The key was refused. Check the API key in Model settings.' },
    ]);
    expect(state.items.at(-1)).toMatchObject({ kind: 'run_end', detail: 'auth', text: 'Stopped: the model provider failed' });
  });

  it('gives every item of a second run its own ids', () => {
    const first = foldEvents([...start, { type: 'text_delta', turn: 1, index: 0, text: 'A' }, { type: 'run_end', reason: 'completed', at: 2 }]);
    const second = foldEvents(
      [
        { type: 'run_start', runId: 'r2', prompt: 'Again', at: 3 },
        { type: 'model_request', turn: 1, request: request() },
        { type: 'text_delta', turn: 1, index: 0, text: 'B' },
      ],
      0,
      first,
    );
    const ids = second.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.items.filter((i) => i.kind === 'text').map((i) => (i.kind === 'text' ? i.text : ''))).toEqual(['A', 'B']);
    expect(second.requests.map((r) => r.run)).toEqual([1, 2]);
  });

  it('does not change state for an unknown call id', () => {
    const state = foldEvents(start);
    expect(foldEvent(state, { type: 'tool_progress', callId: 'nope', text: 'x' })).toBe(state);
  });
});

describe('tool card summaries', () => {
  const cardOf = (call: Extract<AgentEvent, { type: 'tool_call' }>['call']) => {
    const state = foldEvents([{ type: 'run_start', runId: 'r', prompt: 'Go', at: 0 }, { type: 'tool_call', turn: 1, call }]);
    const card = state.items.find((item) => item.kind === 'tool');
    if (card?.kind !== 'tool') throw new Error('no card');
    return card;
  };

  it('shows the tool’s own summary and category from the event, on one line', () => {
    const card = cardOf({ id: 't', name: 'Grep', input: { pattern: 'TODO', path: '/w/src' }, summary: 'TODO in\n src', category: 'read-only' });
    expect(card.summary).toBe('TODO in src');
    expect(card.category).toBe('read-only');
    expect(cardOf({ id: 't', name: 'Bash', input: {}, summary: 'x'.repeat(200) }).summary).toHaveLength(90);
  });

  it('falls back to a guess from the input for a call to an unknown tool', () => {
    const card = cardOf({ id: 't', name: 'WebFetch', input: { url: 'https://example.com' } });
    expect(card.summary).toBe('https://example.com');
    expect(card.category).toBeUndefined();
  });
});

describe('helpers', () => {
  it('summarizes tool inputs in one line (the fallback for unknown tools)', () => {
    expect(summarizeInput({ command: 'ls -la\n  src' })).toBe('ls -la src');
    expect(summarizeInput({ file_path: '/w/a.js', content: 'x' })).toBe('/w/a.js');
    expect(summarizeInput({ pattern: 'TODO', path: 'src' })).toBe('TODO in src');
    expect(summarizeInput({ other: 'value' })).toBe('value');
    expect(summarizeInput({})).toBe('');
    expect(summarizeInput({ command: 'x'.repeat(200) }, 20)).toHaveLength(20);
  });

  it('describes every stop reason', () => {
    const reasons = ['completed', 'interrupted', 'max_turns', 'model_error', 'max_tokens', 'refusal', 'budget_exceeded', 'permission_denied_stop'] as const;
    for (const reason of reasons) expect(describeStop(reason)).toMatch(/^(Done|Stopped): /);
    expect(describeStop('interrupted')).toBe('Stopped: you interrupted the run');
  });

  it('starts empty', () => {
    expect(initialView()).toMatchObject({ running: false, items: [], requests: [], runs: 0 });
  });
});
