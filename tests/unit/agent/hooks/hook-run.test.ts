import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../../src/agent/events';
import type { HookRunRecord } from '../../../../src/agent/hook-events';
import { parseSettingsHooks } from '../../../../src/agent/hook-config';
import { HookBook, hookScript, shellQuote } from '../../../../src/agent/hooks';
import { createOfflineSandbox } from '../../../../src/sandbox/offline';
import type { Sandbox } from '../../../../src/sandbox/port';

type Hook = { command: string; timeout?: number };

function bookWith(event: string, hooks: Hook[], matcher = ''): HookBook {
  const book = new HookBook('test-session');
  const text = JSON.stringify({ hooks: { [event]: [{ matcher, hooks: hooks.map((hook) => ({ type: 'command', ...hook })) }] } });
  book.setFiles([parseSettingsHooks(text, '.glassbox/settings.json')]);
  return book;
}

async function run(book: HookBook, event: Parameters<HookBook['run']>[0], input: Record<string, unknown>, sandbox?: Sandbox) {
  const events: AgentEvent[] = [];
  const box = sandbox ?? (await createOfflineSandbox());
  const outcome = await book.run(event, input, { sandbox: box, emit: (e) => events.push(e), permissionMode: 'default', callId: 'call-1' });
  const runs = events.flatMap((e): HookRunRecord[] => (e.type === 'hook_run' ? [e.run] : []));
  return { outcome, runs };
}

describe('running a hook in the offline sandbox', () => {
  it('sends the event as JSON on stdin: session id, event name, cwd, tool name and input', async () => {
    const book = bookWith('PreToolUse', [{ command: 'cat > /tmp/seen.json' }], 'Bash');
    const sandbox = await createOfflineSandbox();
    const { outcome, runs } = await run(book, 'PreToolUse', { tool_name: 'Bash', tool_input: { command: "echo 'hi' && rm -rf $HOME" } }, sandbox);
    expect(outcome).toMatchObject({ ran: 1, context: [] });
    expect(outcome.block).toBeUndefined();
    const seen = JSON.parse(await sandbox.fs.readText('/tmp/seen.json')) as Record<string, unknown>;
    expect(seen).toEqual({
      session_id: 'test-session',
      transcript_path: '',
      cwd: '/workspace',
      permission_mode: 'default',
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: "echo 'hi' && rm -rf $HOME" },
    });
    expect(runs[0]).toMatchObject({ event: 'PreToolUse', command: 'cat > /tmp/seen.json', exitCode: 0, outcome: 'success', callId: 'call-1', toolName: 'Bash', file: '.glassbox/settings.json' });
    expect(JSON.parse(runs[0]!.input)).toEqual(seen);
  });

  it('a matcher that does not fit runs nothing', async () => {
    const { outcome, runs } = await run(bookWith('PreToolUse', [{ command: 'exit 2' }], 'Write|Edit'), 'PreToolUse', { tool_name: 'Bash', tool_input: {} });
    expect(outcome.ran).toBe(0);
    expect(runs).toEqual([]);
  });

  it('exit 2 blocks with stderr as the reason', async () => {
    const { outcome, runs } = await run(bookWith('PreToolUse', [{ command: 'echo "rm is not allowed here" >&2; exit 2' }]), 'PreToolUse', { tool_name: 'Bash', tool_input: {} });
    expect(outcome.block).toBe('rm is not allowed here');
    expect(runs[0]).toMatchObject({ exitCode: 2, outcome: 'blocked', decision: 'deny', reason: 'rm is not allowed here', stderr: 'rm is not allowed here\n' });
  });

  it('another non-zero exit is reported and does not block', async () => {
    const { outcome, runs } = await run(bookWith('PreToolUse', [{ command: 'echo oops >&2; exit 3' }]), 'PreToolUse', { tool_name: 'Bash', tool_input: {} });
    expect(outcome.block).toBeUndefined();
    expect(runs[0]).toMatchObject({ exitCode: 3, outcome: 'error', reason: 'Exited with code 3: oops (not blocking).' });
  });

  it('the hook reads its stdin with jq and decides by it', async () => {
    const command = `if [ "$(jq -r .tool_input.command)" = "git push" ]; then echo "no pushing" >&2; exit 2; fi`;
    const book = bookWith('PreToolUse', [{ command }], 'Bash');
    expect((await run(book, 'PreToolUse', { tool_name: 'Bash', tool_input: { command: 'git push' } })).outcome.block).toBe('no pushing');
    expect((await run(book, 'PreToolUse', { tool_name: 'Bash', tool_input: { command: 'git status' } })).outcome.block).toBeUndefined();
  });

  it('JSON on stdout: permissionDecision allow / ask / deny with its reason; the strongest wins', async () => {
    const json = (decision: string) => `echo '${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: `because ${decision}` } })}'`;
    expect((await run(bookWith('PreToolUse', [{ command: json('allow') }]), 'PreToolUse', { tool_name: 'Bash' })).outcome.permission).toEqual({ decision: 'allow', reason: 'because allow' });
    const both = await run(bookWith('PreToolUse', [{ command: json('allow') }, { command: json('ask') }]), 'PreToolUse', { tool_name: 'Bash' });
    expect(both.outcome.permission).toEqual({ decision: 'ask', reason: 'because ask' });
    const denied = await run(bookWith('PreToolUse', [{ command: json('deny') }, { command: json('allow') }]), 'PreToolUse', { tool_name: 'Bash' });
    expect(denied.outcome.permission?.decision).toBe('deny');
    expect(denied.outcome.block).toBe('because deny');
    expect(denied.runs.map((r) => r.decision)).toEqual(['deny', 'allow']);
  });

  it('JSON: updatedInput replaces the input, additionalContext is collected, continue:false stops, decision:block blocks', async () => {
    const out = { hookSpecificOutput: { hookEventName: 'PreToolUse', updatedInput: { command: 'npm test -- --ci' }, additionalContext: 'CI mode' } };
    const updated = await run(bookWith('PreToolUse', [{ command: `echo '${JSON.stringify(out)}'` }]), 'PreToolUse', { tool_name: 'Bash' });
    expect(updated.outcome.updatedInput).toEqual({ command: 'npm test -- --ci' });
    expect(updated.outcome.context).toEqual(['CI mode']);
    expect(updated.runs[0]?.updatedInput).toBe(true);

    const stopped = await run(bookWith('PostToolUse', [{ command: `echo '{"continue": false, "stopReason": "Enough for today"}'` }]), 'PostToolUse', { tool_name: 'Bash' });
    expect(stopped.outcome.stop).toBe('Enough for today');
    const blocked = await run(bookWith('Stop', [{ command: `echo '{"decision": "block", "reason": "Run the tests first"}'` }]), 'Stop', {});
    expect(blocked.outcome.block).toBe('Run the tests first');
    expect(blocked.runs[0]).toMatchObject({ outcome: 'blocked', decision: 'block' });
  });

  it('plain stdout is context for UserPromptSubmit and SessionStart, not for tool events', async () => {
    expect((await run(bookWith('UserPromptSubmit', [{ command: 'echo "Current branch: main"' }]), 'UserPromptSubmit', { prompt: 'hi' })).outcome.context).toEqual(['Current branch: main']);
    expect((await run(bookWith('PreToolUse', [{ command: 'echo chatter' }]), 'PreToolUse', { tool_name: 'Bash' })).outcome.context).toEqual([]);
  });

  it('a hook that hangs is stopped at its timeout, reported, and does not block', async () => {
    const started = Date.now();
    const { outcome, runs } = await run(bookWith('PreToolUse', [{ command: 'sleep 30', timeout: 0.3 }]), 'PreToolUse', { tool_name: 'Bash' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome.block).toBeUndefined();
    expect(runs[0]).toMatchObject({ outcome: 'timeout', exitCode: null });
    expect(runs[0]?.reason).toContain('Timed out after 0.3 s');
  });

  it('a sandbox whose exec crashes, or never returns, is reported and never wedges the run', async () => {
    const sandbox = await createOfflineSandbox();
    const crashing: Sandbox = { ...sandbox, exec: () => Promise.reject(new Error('the sandbox went away')) };
    const crashed = await run(bookWith('PreToolUse', [{ command: 'true' }]), 'PreToolUse', { tool_name: 'Bash' }, crashing);
    expect(crashed.runs[0]).toMatchObject({ outcome: 'error', exitCode: null, reason: 'The hook could not run: the sandbox went away' });
    expect(crashed.outcome.block).toBeUndefined();

    const hanging: Sandbox = { ...sandbox, exec: () => new Promise(() => undefined) };
    const hung = await run(bookWith('PreToolUse', [{ command: 'true', timeout: 0.1 }]), 'PreToolUse', { tool_name: 'Bash' }, hanging);
    expect(hung.runs[0]).toMatchObject({ outcome: 'timeout' });
  }, 10_000);

  it('remembers each hook\'s last run for the Hooks view', async () => {
    const book = bookWith('Stop', [{ command: 'exit 0' }]);
    await run(book, 'Stop', {});
    expect(book.lastRun(book.all()[0]!)).toMatchObject({ outcome: 'success', exitCode: 0 });
  });
});

describe('the stdin script', () => {
  it('quotes anything, single quotes included, so nothing in the JSON is expanded', async () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const sandbox = await createOfflineSandbox();
    const json = JSON.stringify({ text: "it's $(whoami) `id` \\n" });
    const result = await sandbox.exec(hookScript('cat', json));
    expect(result.stdout).toBe(json);
  });
});
