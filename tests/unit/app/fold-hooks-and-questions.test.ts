import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import type { HookRunRecord } from '../../../src/agent/hook-events';
import { foldEvents, pendingInputs, runState, type ToolItem } from '../../../src/app/state/fold';
import { storedEventSchema } from '../../../src/store/event-schema';

const run = (overrides: Partial<HookRunRecord> = {}): HookRunRecord => ({
  event: 'PreToolUse',
  command: 'exit 2',
  file: '.glassbox/settings.json',
  matcher: 'Bash',
  callId: 'c1',
  toolName: 'Bash',
  input: '{"tool_name":"Bash"}',
  stdout: '',
  stderr: 'no\n',
  exitCode: 2,
  durationMs: 12,
  outcome: 'blocked',
  decision: 'deny',
  reason: 'no',
  ...overrides,
});

const start: AgentEvent[] = [
  { type: 'run_start', runId: 'r1', prompt: 'go', at: 0 },
  { type: 'tool_call', turn: 1, call: { id: 'c1', name: 'Bash', input: { command: 'ls' } } },
];

describe('folding hook runs and questions', () => {
  it('a hook run for a call goes under its card; one without a call gets its own line; all go to the inspector list', () => {
    const view = foldEvents([...start, { type: 'hook_run', run: run() }, { type: 'hook_run', run: run({ event: 'Stop', callId: undefined, toolName: undefined, outcome: 'success', exitCode: 0 }) }]);
    const tool = view.items.find((item): item is ToolItem => item.kind === 'tool')!;
    expect(tool.hooks?.map((r) => r.event)).toEqual(['PreToolUse']);
    expect(view.items.filter((item) => item.kind === 'hook').map((item) => item.kind === 'hook' && item.run.event)).toEqual(['Stop']);
    expect(view.hookRuns?.map((r) => r.event)).toEqual(['PreToolUse', 'Stop']);
  });

  it('a question waits on its card (the run is "waiting") until the answer comes', () => {
    const asked = foldEvents([
      ...start,
      { type: 'tool_start', callId: 'c1', at: 1 },
      { type: 'user_input_request', callId: 'c1', request: { kind: 'plan', plan: '# Plan' } },
    ]);
    expect(pendingInputs(asked).map((item) => item.id)).toEqual(['c1']);
    expect(runState(asked)).toBe('waiting');
    const answered = foldEvents([{ type: 'user_input_response', callId: 'c1', response: { kind: 'plan_approved', mode: 'acceptEdits' } }], 0, asked);
    expect(pendingInputs(answered)).toEqual([]);
    expect(runState(answered)).toBe('running');
  });

  it('the stored schema keeps hook runs, questions, answers and the hook_stopped ending', () => {
    const events: AgentEvent[] = [
      { type: 'hook_run', run: run({ exitCode: null, outcome: 'timeout' }) },
      { type: 'user_input_request', callId: 'c1', request: { kind: 'questions', questions: [{ header: 'H', question: 'Q?', multiSelect: true, options: [{ label: 'a', description: '' }, { label: 'b', description: 'B' }] }] } },
      { type: 'user_input_response', callId: 'c1', response: { kind: 'answers', answers: { 'Q?': 'a, mine' } } },
      { type: 'user_input_response', callId: 'c2', response: { kind: 'plan_rejected', feedback: 'no' } },
      { type: 'run_end', reason: 'hook_stopped', detail: 'blocked', at: 3 },
    ];
    for (const event of events) expect(storedEventSchema.parse(event)).toEqual(event);
    expect(storedEventSchema.safeParse({ type: 'hook_run', run: { ...run(), outcome: 'maybe' } }).success).toBe(false);
  });
});
