import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeToolUse } from '../../../src/agent/tool-call-info';
import type { AgentEvent, ToolCallInfo } from '../../../src/agent/events';
import { createDefaultTools } from '../../../src/tools/registry';
import { eventsOf, fakeTool, runLoop } from './fakes';

const tools = createDefaultTools();

describe('the call info that tool_call events carry', () => {
  it('has the tool’s own summary and category', () => {
    const call = describeToolUse({ type: 'tool_use', id: 't1', name: 'Grep', input: { pattern: 'TODO', path: '/workspace/src' } }, tools, '/workspace');
    expect(call).toEqual({ id: 't1', name: 'Grep', input: { pattern: 'TODO', path: '/workspace/src' }, summary: 'TODO in src', category: 'read-only' });
  });

  it('has no summary for an invalid input (the view falls back), but still the category', () => {
    const call = describeToolUse({ type: 'tool_use', id: 't2', name: 'Bash', input: { cmd: 'ls' } }, tools, '/workspace');
    expect(call.summary).toBeUndefined();
    expect(call.category).toBe('runs-commands');
  });

  it('has neither for an unknown tool', () => {
    const call = describeToolUse({ type: 'tool_use', id: 't3', name: 'NoSuchTool', input: { url: 'https://x' } }, tools, '/workspace');
    expect(call).toEqual({ id: 't3', name: 'NoSuchTool', input: { url: 'https://x' } });
  });

  it('survives a summarize that throws', () => {
    const broken = { ...fakeTool({ name: 'Broken' }), summarize: () => { throw new Error('oops'); } };
    const call = describeToolUse({ type: 'tool_use', id: 't4', name: 'Broken', input: { value: 'x' } }, [broken], '/w');
    expect(call).toEqual({ id: 't4', name: 'Broken', input: { value: 'x' }, category: 'other' });
  });

  it('reaches the tool_call event in a run', async () => {
    const echo = fakeTool({ name: 'Echo', readOnly: true, concurrencySafe: true, schema: z.object({ value: z.string() }) });
    const { events } = await runLoop({
      tools: [echo],
      script: [{ toolCalls: [{ name: 'Echo', input: { value: 'hi' } }, { name: 'Nope', input: {} }] }, { text: 'Done.' }],
    });
    const calls = eventsOf(events, 'tool_call').map((event: Extract<AgentEvent, { type: 'tool_call' }>): ToolCallInfo => event.call);
    expect(calls.map(({ name, summary, category }) => ({ name, summary, category }))).toEqual([
      { name: 'Echo', summary: 'Echo of hi', category: 'read-only' },
      { name: 'Nope', summary: undefined, category: undefined },
    ]);
  });
});
