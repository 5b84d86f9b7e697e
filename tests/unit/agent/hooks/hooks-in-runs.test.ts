import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../../src/agent/events';
import { transcriptOf } from '../../../../src/agent/event-log';
import { Session } from '../../../../src/agent/session';
import { messageText } from '../../../../src/models/messages';
import { ScriptedModelClient, type ScriptStep } from '../../../../src/models/scripted';
import { createOfflineSandbox } from '../../../../src/sandbox/offline';
import type { PermissionMode } from '../../../../src/agent/session-contract';
import { createDefaultTools } from '../../../../src/tools/registry';
import { eventsOf, resultTextOf } from '../fakes';

type HookSpec = Record<string, Array<{ matcher?: string; hooks: Array<{ type: 'command'; command: string; timeout?: number }> }>>;

async function sessionWith(script: ScriptStep[], settings: { hooks?: HookSpec; permissions?: Record<string, string[]> }, mode: PermissionMode = 'default') {
  const sandbox = await createOfflineSandbox();
  await sandbox.fs.write('/workspace/.glassbox/settings.json', JSON.stringify(settings));
  const session = new Session({ sandbox, model: new ScriptedModelClient({ script, chunkDelayMs: 0 }), tools: createDefaultTools(), permissionMode: mode });
  const events: AgentEvent[] = [];
  const asked: string[] = [];
  session.subscribe((event) => {
    events.push(event);
    if (event.type === 'permission_request') {
      asked.push(event.callId);
      queueMicrotask(() => session.decidePermission(event.callId, { kind: 'allow_once' }));
    }
  });
  return { session, sandbox, events, asked };
}

const cmd = (command: string, matcher = '') => [{ matcher, hooks: [{ type: 'command' as const, command }] }];
const resultOf = (events: AgentEvent[], index = 0) => resultTextOf(eventsOf(events, 'tool_result')[index]!.result.content);

describe('PreToolUse in a run', () => {
  it('exit 2 refuses the call, the model gets stderr, and nothing ran', async () => {
    const { session, sandbox, events, asked } = await sessionWith(
      [{ toolCalls: [{ name: 'Write', input: { file_path: 'a.txt', content: 'x' } }] }, { text: 'ok' }],
      { hooks: { PreToolUse: cmd('echo "Writes are frozen this week" >&2; exit 2', 'Write|Edit') } },
      'bypass',
    );
    expect(await session.send('write it')).toBe('completed');
    expect(await sandbox.fs.exists('/workspace/a.txt')).toBe(false);
    expect(asked).toEqual([]);
    expect(resultOf(events)).toContain('Writes are frozen this week');
    expect(eventsOf(events, 'tool_result')[0]!.result.is_error).toBe(true);
    expect(eventsOf(events, 'hook_run')[0]!.run).toMatchObject({ event: 'PreToolUse', toolName: 'Write', exitCode: 2, outcome: 'blocked' });
    expect(eventsOf(events, 'tool_start')).toEqual([]);
  });

  it("a hook's allow spares the mode's prompt, but never overrides a deny rule", async () => {
    const allow = `echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"safe"}}'`;
    const allowed = await sessionWith([{ toolCalls: [{ name: 'Bash', input: { command: 'echo hi' } }] }, { text: 'ok' }], { hooks: { PreToolUse: cmd(allow, 'Bash') } });
    await allowed.session.send('go');
    expect(allowed.asked).toEqual([]);
    expect(resultOf(allowed.events)).toContain('hi');

    const denied = await sessionWith([{ toolCalls: [{ name: 'Bash', input: { command: 'echo hi' } }] }, { text: 'ok' }], {
      hooks: { PreToolUse: cmd(allow, 'Bash') },
      permissions: { deny: ['Bash(echo:*)'] },
    });
    await denied.session.send('go');
    expect(resultOf(denied.events)).toContain('the permission rule Bash(echo:*) (deny');
    expect(eventsOf(denied.events, 'tool_start')).toEqual([]);
  });

  it("a hook's ask makes an allowed call ask; its deny refuses with its reason", async () => {
    const ask = `echo '{"hookSpecificOutput":{"permissionDecision":"ask"}}'`;
    const asking = await sessionWith([{ toolCalls: [{ name: 'Bash', input: { command: 'echo hi' } }] }, { text: 'ok' }], { hooks: { PreToolUse: cmd(ask) }, permissions: { allow: ['Bash(echo:*)'] } });
    await asking.session.send('go');
    expect(asking.asked).toHaveLength(1);

    const deny = `echo '{"hookSpecificOutput":{"permissionDecision":"deny","permissionDecisionReason":"use the test script"}}'`;
    const denying = await sessionWith([{ toolCalls: [{ name: 'Bash', input: { command: 'echo hi' } }] }, { text: 'ok' }], { hooks: { PreToolUse: cmd(deny) } }, 'bypass');
    await denying.session.send('go');
    expect(resultOf(denying.events)).toContain('use the test script');
    expect(eventsOf(denying.events, 'tool_start')).toEqual([]);
  });

  it('updatedInput replaces the input the tool runs with (and the rules check)', async () => {
    const update = `echo '{"hookSpecificOutput":{"permissionDecision":"allow","updatedInput":{"command":"echo rewritten"}}}'`;
    const { session, events } = await sessionWith([{ toolCalls: [{ name: 'Bash', input: { command: 'echo original' } }] }, { text: 'ok' }], { hooks: { PreToolUse: cmd(update, 'Bash') } });
    await session.send('go');
    expect(resultOf(events)).toContain('rewritten');
    expect(resultOf(events)).not.toContain('original');
    expect(eventsOf(events, 'hook_run')[0]!.run.updatedInput).toBe(true);
  });

  it('an updatedInput the tool does not accept refuses the call', async () => {
    const update = `echo '{"hookSpecificOutput":{"updatedInput":{"command":42}}}'`;
    const { session, events } = await sessionWith([{ toolCalls: [{ name: 'Bash', input: { command: 'echo x' } }] }, { text: 'ok' }], { hooks: { PreToolUse: cmd(update) } }, 'bypass');
    await session.send('go');
    expect(resultOf(events)).toContain('replaced its input with one that is not valid');
  });

  it('a hanging hook times out, is reported, and the call still runs', async () => {
    const { session, events } = await sessionWith(
      [{ toolCalls: [{ name: 'Bash', input: { command: 'echo still-ran' } }] }, { text: 'ok' }],
      { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'sleep 20', timeout: 0.2 }] }] } },
      'bypass',
    );
    expect(await session.send('go')).toBe('completed');
    expect(eventsOf(events, 'hook_run')[0]!.run.outcome).toBe('timeout');
    expect(resultOf(events)).toContain('still-ran');
  });
});

describe('PostToolUse, Stop, UserPromptSubmit and SessionStart', () => {
  it('PostToolUse gets the tool response; exit 2 feedback reaches the model with the result', async () => {
    const { session, sandbox, events } = await sessionWith(
      [{ toolCalls: [{ name: 'Bash', input: { command: 'echo built' } }] }, { text: 'ok' }],
      { hooks: { PostToolUse: cmd('cat > /tmp/post.json; echo "lint found 2 problems" >&2; exit 2', 'Bash') } },
      'bypass',
    );
    await session.send('go');
    const input = JSON.parse(await sandbox.fs.readText('/tmp/post.json')) as Record<string, unknown>;
    expect(input).toMatchObject({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'echo built' } });
    expect(String(input.tool_response)).toContain('built');
    expect(resultOf(events)).toContain('lint found 2 problems');
  });

  it('a Stop hook that blocks sends the model back to work, with stop_hook_active, and the loop is bounded', async () => {
    const script: ScriptStep[] = Array.from({ length: 8 }, (_, i) => ({ text: `answer ${i}` }));
    const { session, sandbox, events } = await sessionWith(script, { hooks: { Stop: cmd('cat >> /tmp/stop.log; echo >> /tmp/stop.log; echo "Run the tests first" >&2; exit 2') } });
    expect(await session.send('go')).toBe('completed');
    const runs = eventsOf(events, 'hook_run');
    expect(runs).toHaveLength(4); // the first stop and three continuations, then it ends anyway
    const lines = (await sandbox.fs.readText('/tmp/stop.log')).trim().split('\n').map((line) => JSON.parse(line) as { stop_hook_active: boolean });
    expect(lines.map((line) => line.stop_hook_active)).toEqual([false, true, true, true]);
    expect(session.messages.filter((m) => m.role === 'user').map(messageText).join('\n')).toContain('Run the tests first');
  });

  it('UserPromptSubmit exit 2 blocks the prompt: it never reaches the model and the run ends saying why', async () => {
    const { session, events } = await sessionWith([{ text: 'should not be said' }], { hooks: { UserPromptSubmit: cmd('if jq -r .prompt | grep -q password; then echo "Prompts must not contain secrets" >&2; exit 2; fi') } });
    expect(await session.send('my password is hunter2')).toBe('hook_stopped');
    expect(session.messages).toEqual([]);
    expect(transcriptOf(session.log)).toEqual([]);
    const end = eventsOf(events, 'run_end')[0]!;
    expect(end.detail).toContain('Prompts must not contain secrets');
    expect(events.map((e) => e.type)).toEqual(['run_start', 'hook_run', 'run_end']);
    expect(await session.send('hello')).toBe('completed');
  });

  it('SessionStart (once) and UserPromptSubmit stdout become context for the model, after run_start in the log', async () => {
    const { session, events } = await sessionWith([{ text: 'one' }, { text: 'two' }], {
      hooks: { SessionStart: cmd('echo "Branch: main"', 'startup'), UserPromptSubmit: cmd('echo "Time: noon"') },
    });
    await session.send('first');
    await session.send('second');
    const firstPrompt = messageText(session.messages[0]!);
    expect(firstPrompt).toContain('Branch: main');
    expect(firstPrompt).toContain('Time: noon');
    expect(messageText(session.messages[2]!)).not.toContain('Branch: main');
    expect(eventsOf(events, 'hook_run').map((e) => e.run.event)).toEqual(['SessionStart', 'UserPromptSubmit', 'UserPromptSubmit']);
    const types = events.map((e) => e.type);
    expect(types.indexOf('run_start')).toBeLessThan(types.indexOf('hook_run'));
  });

  it('runHooks runs an event for code outside the loop (PreCompact) and logs it', async () => {
    const { session, events } = await sessionWith([], { hooks: { PreCompact: cmd('echo "keep the todo list" ; exit 0', 'manual') } });
    await session.reloadWorkspaceRules();
    const outcome = await session.runHooks('PreCompact', { trigger: 'manual', custom_instructions: '' });
    expect(outcome.ran).toBe(1);
    expect(eventsOf(events, 'hook_run')[0]!.run).toMatchObject({ event: 'PreCompact', exitCode: 0 });
    expect((await session.runHooks('PreCompact', { trigger: 'auto' })).ran).toBe(0);
  });

  it('continue:false from a PostToolUse hook ends the run with its reason', async () => {
    const { session, events } = await sessionWith(
      [{ toolCalls: [{ name: 'Bash', input: { command: 'echo a' } }] }, { text: 'never' }],
      { hooks: { PostToolUse: cmd(`echo '{"continue": false, "stopReason": "Build broke"}'`) } },
      'bypass',
    );
    expect(await session.send('go')).toBe('hook_stopped');
    expect(eventsOf(events, 'run_end')[0]!.detail).toBe('Build broke');
  });

  it('hooks from .claude/settings.json run too; an invalid file is reported in the book', async () => {
    const { session, sandbox } = await sessionWith([], {});
    await sandbox.fs.write('/workspace/.claude/settings.json', JSON.stringify({ hooks: { Stop: cmd('true') } }));
    await sandbox.fs.write('/workspace/.claude/settings.local.json', '{"hooks": {"Stop": "nope"}}');
    await session.reloadWorkspaceRules();
    expect(session.hooks.all().map((hook) => hook.file)).toEqual(['.claude/settings.json']);
    expect(session.hooks.files.find((file) => file.path === '.claude/settings.local.json')?.problems).toEqual(['"hooks.Stop" is not a list of {matcher, hooks} entries']);
  });
});
