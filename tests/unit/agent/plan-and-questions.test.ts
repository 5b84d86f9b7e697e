import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { buildSystemPrompt } from '../../../src/agent/system-prompt';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { PermissionMode } from '../../../src/agent/session-contract';
import { createDefaultTools } from '../../../src/tools/registry';
import type { UserInputResponse } from '../../../src/tools/user-input';
import { eventsOf, resultTextOf } from './fakes';

async function sessionWith(script: ScriptStep[], mode: PermissionMode, answer: (request: Extract<AgentEvent, { type: 'user_input_request' }>) => UserInputResponse | undefined) {
  const sandbox = await createOfflineSandbox();
  const session = new Session({ sandbox, model: new ScriptedModelClient({ script, chunkDelayMs: 0 }), tools: createDefaultTools(), permissionMode: mode });
  const events: AgentEvent[] = [];
  session.subscribe((event) => {
    events.push(event);
    if (event.type === 'user_input_request') {
      const response = answer(event);
      if (response) queueMicrotask(() => session.answerUserInput(event.callId, response));
    }
    if (event.type === 'permission_request') queueMicrotask(() => session.decidePermission(event.callId, { kind: 'allow_once' }));
  });
  return { session, sandbox, events };
}

const PLAN = '## Plan\n1. Add `greet.js`\n2. Test it';
const results = (events: AgentEvent[]) => eventsOf(events, 'tool_result').map((event) => ({ text: resultTextOf(event.result.content), error: event.result.is_error === true }));

describe('ExitPlanMode', () => {
  it('in plan mode the system prompt says to call ExitPlanMode; outside it does not', () => {
    const sandbox = { root: '/workspace', describe: () => ({ label: '', name: '', summary: '', environment: [], capabilities: { node: false, npm: false, preview: false, watch: false } }) };
    const toolNames = createDefaultTools().map((tool) => tool.name);
    expect(buildSystemPrompt({ sandbox, toolNames, permissionMode: 'plan' })).toContain('call ExitPlanMode with your plan');
    expect(buildSystemPrompt({ sandbox, toolNames, permissionMode: 'default' })).not.toContain('Plan mode is on');
  });

  it('approving switches the mode; the write that follows in the same run is no longer refused', async () => {
    const script: ScriptStep[] = [
      { toolCalls: [{ name: 'Write', input: { file_path: 'greet.js', content: 'x' } }] },
      { toolCalls: [{ name: 'ExitPlanMode', input: { plan: PLAN } }] },
      { toolCalls: [{ name: 'Write', input: { file_path: 'greet.js', content: 'console.log(1)' } }] },
      { text: 'Done.' },
    ];
    const { session, sandbox, events } = await sessionWith(script, 'plan', () => ({ kind: 'plan_approved', mode: 'acceptEdits' }));
    expect(await session.send('add greet')).toBe('completed');
    const [refused, approved, written] = results(events);
    expect(refused!.text).toContain('Plan mode is read-only');
    expect(approved).toEqual({ text: expect.stringContaining('User has approved your plan') as unknown as string, error: false });
    expect(approved!.text).toContain('acceptEdits');
    expect(written!.error).toBe(false);
    expect(await sandbox.fs.readText('/workspace/greet.js')).toBe('console.log(1)');
    expect(session.permissionMode).toBe('acceptEdits');
    expect(eventsOf(events, 'user_input_request')[0]!.request).toEqual({ kind: 'plan', plan: PLAN });
    expect(eventsOf(events, 'user_input_response')[0]!.response).toEqual({ kind: 'plan_approved', mode: 'acceptEdits' });
  });

  it('keep planning: the feedback goes back to the model and the mode stays plan', async () => {
    const { session, events } = await sessionWith([{ toolCalls: [{ name: 'ExitPlanMode', input: { plan: PLAN } }] }, { text: 'Revising.' }], 'plan', () => ({ kind: 'plan_rejected', feedback: 'Use TypeScript instead' }));
    await session.send('plan it');
    expect(results(events)[0]).toEqual({ text: expect.stringContaining('Use TypeScript instead') as unknown as string, error: true });
    expect(results(events)[0]!.text).toContain('keep planning');
    expect(session.permissionMode).toBe('plan');
  });

  it('interrupting while the plan waits cancels it cleanly: the call is answered and the transcript stays valid', async () => {
    const { session, events } = await sessionWith([{ toolCalls: [{ name: 'ExitPlanMode', input: { plan: PLAN } }] }, { text: 'never' }], 'plan', () => undefined);
    const run = session.send('plan it');
    await new Promise<void>((resolve) => {
      const off = session.subscribe((event) => {
        if (event.type === 'user_input_request') {
          off();
          resolve();
        }
      });
    });
    expect(session.pendingInputIds).toHaveLength(1);
    session.interrupt();
    expect(await run).toBe('interrupted');
    expect(session.pendingInputIds).toEqual([]);
    expect(results(events)[0]!.text).toBe('Interrupted by the user');
    expect(eventsOf(events, 'user_input_response')[0]!.response).toEqual({ kind: 'cancelled' });
  });
});

describe('AskUserQuestion', () => {
  const questions = [
    { header: 'Language', question: 'Which language?', multiSelect: false, options: [{ label: 'TypeScript', description: 'Typed' }, { label: 'JavaScript', description: 'Plain' }] },
    { header: 'Extras', question: 'Which extras?', multiSelect: true, options: [{ label: 'Tests', description: '' }, { label: 'Docs', description: '' }, { label: 'CI', description: '' }] },
  ];

  it('runs in plan mode without a prompt, and the answers go back as the tool result', async () => {
    const { session, events } = await sessionWith([{ toolCalls: [{ name: 'AskUserQuestion', input: { questions } }] }, { text: 'Thanks.' }], 'plan', () => ({
      kind: 'answers',
      answers: { 'Which language?': 'TypeScript', 'Which extras?': 'Tests, my own linter' },
    }));
    await session.send('ask me');
    expect(eventsOf(events, 'permission_request')).toEqual([]);
    expect(results(events)[0]).toEqual({
      text: 'User has answered your questions: "Which language?"="TypeScript", "Which extras?"="Tests, my own linter". You can now continue with the user\'s answers in mind.',
      error: false,
    });
  });

  it('refuses a malformed call (one option, five questions) with words for the model', async () => {
    const bad = { questions: [{ header: 'X', question: 'Q?', multiSelect: false, options: [{ label: 'Only', description: '' }] }] };
    const tooMany = { questions: Array.from({ length: 5 }, () => questions[0]) };
    const { session, events } = await sessionWith(
      [{ toolCalls: [{ name: 'AskUserQuestion', input: bad }, { name: 'AskUserQuestion', input: tooMany }] }, { text: 'ok' }],
      'default',
      () => undefined,
    );
    await session.send('ask');
    const [one, five] = results(events);
    expect(one!.text).toContain('Invalid input for AskUserQuestion');
    expect(one!.text).toContain('"questions[0].options"');
    expect(five!.text).toContain('"questions"');
    expect(eventsOf(events, 'user_input_request')).toEqual([]);
  });
});
