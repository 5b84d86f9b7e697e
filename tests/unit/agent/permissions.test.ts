import { describe, expect, it } from 'vitest';
import type { PermissionDecision, ToolCallInfo } from '../../../src/agent/events';
import { decideAutomatically } from '../../../src/agent/permissions';
import { transcriptProblems } from '../../../src/agent/transcript';
import type { PermissionDescriptor } from '../../../src/tools/port';
import { createDefaultTools } from '../../../src/tools/registry';
import { eventsOf, fakeTool, resultTextOf, runLoop } from './fakes';

const read = fakeTool({ name: 'Read', readOnly: true, concurrencySafe: true });
const write = fakeTool({ name: 'Write', category: 'edits-files' });
const edit = fakeTool({ name: 'Edit', category: 'edits-files' });
const bash = fakeTool({ name: 'Bash', category: 'runs-commands' });
const descriptor = (ruleKey: string): PermissionDescriptor => ({ title: 'Do it', ruleKey });
const none = new Set<string>();

describe('decideAutomatically', () => {
  it('read-only tools are allowed in every mode', () => {
    for (const mode of ['default', 'acceptEdits', 'plan', 'bypass'] as const) {
      expect(decideAutomatically(mode, read, descriptor('Read(a)'), none)).toBe('allow');
    }
  });

  it('default: others ask, unless allowed for the session (exact rule or whole tool)', () => {
    expect(decideAutomatically('default', bash, descriptor('Bash(npm test)'), none)).toBe('ask');
    expect(decideAutomatically('default', write, descriptor('Write(a.js)'), none)).toBe('ask');
    expect(decideAutomatically('default', bash, descriptor('Bash(npm test)'), new Set(['Bash(npm test)']))).toBe('allow');
    expect(decideAutomatically('default', bash, descriptor('Bash(rm -rf x)'), new Set(['Bash(npm test)']))).toBe('ask');
    expect(decideAutomatically('default', bash, descriptor('Bash(ls)'), new Set(['Bash']))).toBe('allow');
  });

  it('acceptEdits: Write and Edit run, Bash still asks', () => {
    expect(decideAutomatically('acceptEdits', write, descriptor('Write(a)'), none)).toBe('allow');
    expect(decideAutomatically('acceptEdits', edit, descriptor('Edit(a)'), none)).toBe('allow');
    expect(decideAutomatically('acceptEdits', bash, descriptor('Bash(ls)'), none)).toBe('ask');
    expect(decideAutomatically('acceptEdits', bash, descriptor('Bash(ls)'), new Set(['Bash(ls)']))).toBe('allow');
  });

  it('acceptEdits follows the category, not the name', () => {
    const rename = fakeTool({ name: 'Rename', category: 'edits-files' });
    const fetcher = fakeTool({ name: 'Fetch', category: 'other' });
    const writeThatRuns = fakeTool({ name: 'Write', category: 'runs-commands' });
    expect(decideAutomatically('acceptEdits', rename, descriptor('Rename(a)'), none)).toBe('allow');
    expect(decideAutomatically('acceptEdits', fetcher, descriptor('Fetch(x)'), none)).toBe('ask');
    expect(decideAutomatically('acceptEdits', writeThatRuns, descriptor('Write(a)'), none)).toBe('ask');
  });

  it('acceptEdits with the real tools: Write and Edit run, Bash asks', () => {
    const byName = new Map(createDefaultTools().map((tool) => [tool.name, tool]));
    expect(decideAutomatically('acceptEdits', byName.get('Write')!, descriptor('Write(a)'), none)).toBe('allow');
    expect(decideAutomatically('acceptEdits', byName.get('Edit')!, descriptor('Edit(a)'), none)).toBe('allow');
    expect(decideAutomatically('acceptEdits', byName.get('Bash')!, descriptor('Bash(ls)'), none)).toBe('ask');
  });

  it('plan: anything not read-only is denied with an explanation', () => {
    const decision = decideAutomatically('plan', write, descriptor('Write(a)'), new Set(['Write(a)']));
    expect(decision).toEqual({ deny: expect.stringContaining('Plan mode is read-only') as unknown as string });
  });

  it('bypass: everything runs', () => {
    expect(decideAutomatically('bypass', bash, descriptor('Bash(rm -rf /)'), none)).toBe('allow');
  });
});

describe('the permission gate in the loop', () => {
  const twoBashCalls = [
    { toolCalls: [{ name: 'Bash', input: { value: 'npm test' } }] },
    { toolCalls: [{ name: 'Bash', input: { value: 'npm test' } }] },
    { text: 'done' },
  ];

  it('asks, then announces: permission_request carries the descriptor; the decision is emitted', async () => {
    const asked: Array<{ call: ToolCallInfo; descriptor: PermissionDescriptor }> = [];
    const run = await runLoop({
      tools: [bash],
      permissionMode: 'default',
      askPermission: async (call, _tool, d) => (asked.push({ call, descriptor: d }), { kind: 'allow_once' }),
      script: twoBashCalls,
    });
    expect(asked).toHaveLength(2);
    expect(asked[0]!.call).toMatchObject({ name: 'Bash', input: { value: 'npm test' } });
    const requests = eventsOf(run.events, 'permission_request');
    expect(requests[0]!.descriptor.ruleKey).toBe('Bash(npm test)');
    expect(eventsOf(run.events, 'permission_decision')[0]).toMatchObject({ decision: { kind: 'allow_once' }, automatic: false });
    expect(run.reason).toBe('completed');
  });

  it('allow for this session is remembered by rule key', async () => {
    let asks = 0;
    const rules = new Set<string>();
    const run = await runLoop({
      tools: [bash],
      permissionMode: 'default',
      sessionAllowedRules: rules,
      askPermission: async () => (asks++, { kind: 'allow_session' }),
      script: twoBashCalls,
    });
    expect(asks).toBe(1);
    expect(rules.has('Bash(npm test)')).toBe(true);
    const decisions = eventsOf(run.events, 'permission_decision');
    expect(decisions.map((d) => d.automatic)).toEqual([false, true]);
  });

  it('a denial with a reason goes back to the model, and the run continues', async () => {
    const run = await runLoop({
      tools: [bash],
      permissionMode: 'default',
      askPermission: async (): Promise<PermissionDecision> => ({ kind: 'deny', reason: 'use npm run test:unit instead' }),
      script: [
        { toolCalls: [{ name: 'Bash', input: { value: 'npm test' } }] },
        (context) => ({ text: `Understood: ${resultTextOf(context.lastToolResults[0]!.content)}` }),
      ],
    });
    expect(run.reason).toBe('completed');
    const result = eventsOf(run.events, 'tool_result')[0]!.result;
    expect(result).toMatchObject({ is_error: true, content: 'The user denied this: use npm run test:unit instead' });
    expect(resultTextOf((run.messages[3]!.content as Array<{ type: 'text'; text: string }>))).toContain('The user denied this');
  });

  it('plan mode refuses a write without asking and explains it to the model', async () => {
    let asks = 0;
    let ran = false;
    const tool = fakeTool({ name: 'Write', run: () => ((ran = true), { content: 'written' }) });
    const run = await runLoop({
      tools: [tool, read],
      permissionMode: 'plan',
      askPermission: async () => (asks++, { kind: 'allow_once' }),
      script: [
        { toolCalls: [{ name: 'Read', input: { value: 'a' } }, { name: 'Write', input: { value: 'a' } }] },
        { text: 'Here is my plan.' },
      ],
    });
    expect(asks).toBe(0);
    expect(ran).toBe(false);
    const texts = eventsOf(run.events, 'tool_result').map((e) => resultTextOf(e.result.content));
    expect(texts[0]).toBe('Read: {"value":"a"}');
    expect(texts[1]).toContain('Plan mode is read-only');
    expect(eventsOf(run.events, 'permission_decision')[0]).toMatchObject({ decision: { kind: 'deny' }, automatic: true });
    expect(transcriptProblems(run.messages)).toEqual([]);
  });

  it('read-only tools never ask, even in default mode', async () => {
    let asks = 0;
    const run = await runLoop({
      tools: [read],
      permissionMode: 'default',
      askPermission: async () => (asks++, { kind: 'deny' }),
      script: [{ toolCalls: [{ name: 'Read', input: { value: 'a' } }] }, { text: 'done' }],
    });
    expect(asks).toBe(0);
    expect(eventsOf(run.events, 'permission_request')).toHaveLength(0);
  });

  it('a mode change takes effect mid-run through the getter', async () => {
    let mode: 'default' | 'bypass' = 'default';
    let asks = 0;
    await runLoop({
      tools: [bash],
      permissionMode: () => mode,
      askPermission: async () => {
        asks++;
        mode = 'bypass';
        return { kind: 'allow_once' };
      },
      script: [
        { toolCalls: [{ name: 'Bash', input: { value: 'one' } }] },
        { toolCalls: [{ name: 'Bash', input: { value: 'two' } }] },
        { text: 'done' },
      ],
    });
    expect(asks).toBe(1);
  });

  it('prefers the richer describePermission for the prompt, keeping the sync rule key', async () => {
    const tool = { ...write, describePermission: async () => ({ title: 'Write a (diff)', detail: '+x', ruleKey: 'ignored' }) };
    const run = await runLoop({
      tools: [tool],
      permissionMode: 'default',
      script: [{ toolCalls: [{ name: 'Write', input: { value: 'a' } }] }, { text: 'done' }],
    });
    expect(eventsOf(run.events, 'permission_request')[0]!.descriptor).toEqual({ title: 'Write a (diff)', detail: '+x', ruleKey: 'Write(a)' });
  });
});
