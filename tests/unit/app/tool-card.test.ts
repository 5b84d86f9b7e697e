import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { denyDecision } from '../../../src/app/chat/permission-choice';
import { PROGRESS_TAIL_LINES, decisionNoteOf, failureLines, toolCardView } from '../../../src/app/chat/tool-card-view';
import { foldEvents, type ToolItem, type ViewState } from '../../../src/app/state/fold';

const base: AgentEvent[] = [
  { type: 'run_start', runId: 'r1', prompt: 'Run it', at: 0 },
  { type: 'tool_call', turn: 1, call: { id: 'b1', name: 'Bash', input: { command: 'npm test' } } },
];

function card(state: ViewState): ToolItem {
  const item = state.items.find((i): i is ToolItem => i.kind === 'tool');
  if (!item) throw new Error('no tool card');
  return item;
}

describe('tool card view', () => {
  it('queued: no timer, no output', () => {
    const view = toolCardView(card(foldEvents(base)), 5_000);
    expect(view).toEqual({ statusLabel: 'Queued', duration: null, durationLabel: null, live: false, progressTail: null });
  });

  it('running Bash: a live timer from tool_start and the streamed output as it arrives', () => {
    const state = foldEvents([
      ...base,
      { type: 'tool_start', callId: 'b1', at: 1_000 },
      { type: 'tool_progress', callId: 'b1', text: 'PASS a\n' },
      { type: 'tool_progress', callId: 'b1', text: 'PASS b\n' },
    ]);
    const view = toolCardView(card(state), 3_400);
    expect(view).toMatchObject({ statusLabel: 'Running', live: true, duration: '2.4 s', durationLabel: 'Running for 2.4 s' });
    expect(view.progressTail).toBe('PASS a\nPASS b');
  });

  it('keeps only the last lines of a long live output', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const state = foldEvents([...base, { type: 'tool_start', callId: 'b1', at: 0 }, { type: 'tool_progress', callId: 'b1', text: lines.join('\n') }]);
    const tail = toolCardView(card(state), 10).progressTail!.split('\n');
    expect(tail).toHaveLength(PROGRESS_TAIL_LINES);
    expect(tail.at(-1)).toBe('line 39');
  });

  it('done: the measured duration, and the live output is folded away', () => {
    const state = foldEvents([
      ...base,
      { type: 'tool_start', callId: 'b1', at: 1_000 },
      { type: 'tool_progress', callId: 'b1', text: 'PASS\n' },
      { type: 'tool_result', callId: 'b1', result: { type: 'tool_result', tool_use_id: 'b1', content: 'PASS' }, durationMs: 1_234 },
    ]);
    expect(toolCardView(card(state), 99_999)).toEqual({
      statusLabel: 'Done',
      duration: '1.2 s',
      durationLabel: 'Ran for 1.2 s',
      live: false,
      progressTail: null,
    });
  });

  it('a failed run still shows how long it ran', () => {
    const state = foldEvents([
      ...base,
      { type: 'tool_start', callId: 'b1', at: 0 },
      { type: 'tool_result', callId: 'b1', result: { type: 'tool_result', tool_use_id: 'b1', content: 'Exit code 1', is_error: true }, durationMs: 87 },
    ]);
    expect(toolCardView(card(state), 0)).toMatchObject({ statusLabel: 'Error', duration: '87 ms' });
  });

  it('denied or refused before running: no duration (nothing ran)', () => {
    const denied = foldEvents([
      ...base,
      { type: 'permission_request', callId: 'b1', descriptor: { title: 'Run', ruleKey: 'Bash(npm test)' } },
      { type: 'permission_decision', callId: 'b1', decision: { kind: 'deny' }, automatic: false },
      { type: 'tool_result', callId: 'b1', result: { type: 'tool_result', tool_use_id: 'b1', content: 'The user denied this.', is_error: true }, durationMs: 0 },
    ]);
    expect(toolCardView(card(denied), 0)).toMatchObject({ statusLabel: 'Denied', duration: null });
    const invalid = foldEvents([
      ...base,
      { type: 'tool_result', callId: 'b1', result: { type: 'tool_result', tool_use_id: 'b1', content: 'Invalid input', is_error: true }, durationMs: 0 },
    ]);
    expect(toolCardView(card(invalid), 0)).toMatchObject({ statusLabel: 'Error', duration: null });
  });
});

describe('deny decisions from the permission prompt', () => {
  it('Deny sends the trimmed reason, or none', () => {
    expect(denyDecision('  not here ', false)).toEqual({ kind: 'deny', reason: 'not here' });
    expect(denyDecision('   ', false)).toEqual({ kind: 'deny' });
  });

  it('Deny and stop also asks the loop to end the run', () => {
    expect(denyDecision('', true)).toEqual({ kind: 'deny', stop: true });
    expect(denyDecision('too risky', true)).toEqual({ kind: 'deny', reason: 'too risky', stop: true });
  });
});

describe('the decision note under a card', () => {
  it('says who decided, and that "Deny and stop" ended the run', () => {
    expect(decisionNoteOf({})).toBeNull();
    expect(decisionNoteOf({ decision: { kind: 'allow_once' }, automatic: false })).toBe('Allowed once');
    expect(decisionNoteOf({ decision: { kind: 'allow_session' }, automatic: false })).toBe('Allowed for this session');
    expect(decisionNoteOf({ decision: { kind: 'allow_once' }, automatic: true })).toBe('Allowed by the permission mode');
    expect(decisionNoteOf({ decision: { kind: 'deny' }, automatic: false })).toBe('Denied by you');
    expect(decisionNoteOf({ decision: { kind: 'deny', reason: 'no' }, automatic: false })).toBe('Denied: no');
    expect(decisionNoteOf({ decision: { kind: 'deny', stop: true }, automatic: false })).toBe('Denied by you — and you stopped the run');
    expect(decisionNoteOf({ decision: { kind: 'deny', reason: 'risky', stop: true }, automatic: false })).toBe('Denied: risky — and you stopped the run');
  });

  it('names the permission rule that decided, and the rules "Always allow" saved', () => {
    const rule = { rule: 'Bash(npm test)', behavior: 'allow' as const, source: 'workspace' as const };
    expect(decisionNoteOf({ decision: { kind: 'allow_once' }, automatic: true, decidingRule: rule })).toBe('Allowed by the rule Bash(npm test) (workspace settings)');
    const deny = { rule: 'Bash(rm:*)', behavior: 'deny' as const, source: 'user' as const };
    expect(decisionNoteOf({ decision: { kind: 'deny', reason: 'long message' }, automatic: true, decidingRule: deny })).toBe('Denied by the rule Bash(rm:*) (your settings)');
    expect(decisionNoteOf({ decision: { kind: 'allow_always', rules: ['Bash(npm ci)', 'Bash(npm test)'] }, automatic: false })).toBe(
      'Always allowed: Bash(npm ci), Bash(npm test) saved in your settings',
    );
  });
});

describe('failureLines: what a collapsed card of a failed call shows', () => {
  it('the first failing line, not the first line (often a passing test)', () => {
    const output = ['✔ slugify lowercases (1.2ms)', '✔ slugify trims', '✖ slugify strips accents (2ms)', '  AssertionError: expected "cafe" got "café"', '# pass 2', '# fail 1', 'Exit code 1'].join('\n');
    expect(failureLines(output)).toBe('✖ slugify strips accents (2ms)');
  });

  it('skips counts of none ("# fail 0", "0 errors") and finds the error', () => {
    const output = ['compiled with 0 errors', '# fail 0', 'TypeError: x is not a function', 'Exit code 1'].join('\n');
    expect(failureLines(output)).toBe('TypeError: x is not a function');
  });

  it('else the last lines', () => {
    expect(failureLines('building\nstep 1\nstep 2\nstep 3\nExit code 2\n')).toBe('step 2\nstep 3\nExit code 2');
  });
});
