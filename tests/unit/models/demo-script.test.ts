import { runInNewContext } from 'node:vm';
import { strict as assertModule } from 'node:assert';
import { defineCommand } from 'just-bash';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, PermissionDecision } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { transcriptProblems } from '../../../src/agent/transcript';
import { BUGGY_SLUGIFY, DEMO_PROMPT, DEMO_SCRIPT, classifyTestRun, createDemoModel } from '../../../src/models/demo-script';
import { messageText } from '../../../src/models/messages';
import { SCRIPT_EXHAUSTED_TEXT, ScriptedModelClient } from '../../../src/models/scripted';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';
import { createDefaultTools } from '../../../src/tools/registry';

/**
 * A test-only `node` for the offline sandbox: runs a CommonJS file from the sandbox fs in a
 * fresh vm context, with `assert`, relative requires, console.log and process.exitCode.
 */
const testNode = defineCommand('node', async (args, ctx) => {
  const out: string[] = [];
  const modules = new Map<string, unknown>();
  const load = async (path: string): Promise<void> => {
    const absolute = path.startsWith('/') ? path : `${ctx.cwd}/${path.replace(/^\.\//, '')}`;
    const source = await ctx.fs.readFile(absolute);
    const deps = [...source.matchAll(/require\('(\.\/[^']+)'\)/g)].map((match) => match[1]!);
    for (const dep of deps) if (!modules.has(dep)) await load(dep);
    const module = { exports: {} as unknown };
    const require = (name: string): unknown => (name === 'assert' ? assertModule : (modules.get(name) ?? modules.get(`./${name}`)));
    runInNewContext(source, { module, exports: module.exports, require, console: { log: (...parts: unknown[]) => out.push(parts.join(' ')) }, process: runtime });
    modules.set(path.startsWith('./') ? path : `./${path}`, module.exports);
  };
  const runtime = { exitCode: 0 };
  try {
    await load(args[0] ?? '');
  } catch (error) {
    return { stdout: out.join('\n') + '\n', stderr: `${String(error)}\n`, exitCode: 1 };
  }
  return { stdout: out.join('\n') + '\n', stderr: '', exitCode: runtime.exitCode };
});

type Decide = (
  event: Extract<AgentEvent, { type: 'permission_request' }>,
  run: { sandbox: Sandbox; events: readonly AgentEvent[] },
) => PermissionDecision | Promise<PermissionDecision>;

interface DemoOptions {
  withNode?: boolean;
  /** Reuse a sandbox (and its files) from an earlier run. */
  sandbox?: Sandbox;
  decide?: Decide;
  permissionMode?: 'default' | 'plan';
}

function callLines(events: readonly AgentEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'tool_call' ? [`${e.call.name} ${String(e.call.input.command ?? e.call.input.file_path ?? e.call.input.pattern)}`] : [],
  );
}

async function playDemo(options: DemoOptions | boolean = {}) {
  const opts: DemoOptions = typeof options === 'boolean' ? { withNode: options } : options;
  const sandbox = opts.sandbox ?? (await createOfflineSandbox(opts.withNode ? { commands: [testNode] } : {}));
  const model = new ScriptedModelClient({ script: DEMO_SCRIPT });
  const session = new Session({ sandbox, model, tools: createDefaultTools(), permissionMode: opts.permissionMode ?? 'default' });
  const events: AgentEvent[] = [];
  const decide: Decide = opts.decide ?? (() => ({ kind: 'allow_once' }));
  session.subscribe((event) => {
    events.push(event);
    if (event.type === 'permission_request') {
      void Promise.resolve(decide(event, { sandbox, events })).then((decision) => session.decidePermission(event.callId, decision));
    }
  });
  const reason = await session.send(DEMO_PROMPT);
  const assistantText = session.messages.filter((m) => m.role === 'assistant').map(messageText).join('\n---\n');
  const bashOutputs = events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));
  const lastText = messageText(session.messages.at(-1)!);
  return { sandbox, session, model, events, reason, assistantText, bashOutputs, lastText, calls: callLines(events) };
}

/** The tool name and target of a permission request's call, e.g. "Edit slugify.js". */
function target(events: readonly AgentEvent[], callId: string): string {
  const call = events.find((e): e is Extract<AgentEvent, { type: 'tool_call' }> => e.type === 'tool_call' && e.call.id === callId);
  return call ? `${call.call.name} ${String(call.call.input.command ?? call.call.input.file_path)}` : '';
}

describe('the demo script', () => {
  it('exports its prompt', () => {
    expect(DEMO_PROMPT).toMatch(/slugify/);
    expect(createDemoModel().label).toBe('Demo model (scripted)');
  });

  it('classifies test output', () => {
    expect(classifyTestRun('ok - a\nFAIL - "x": expected "a", got "b"\n1/2 tests passed\nExit code 1')).toEqual({
      kind: 'failing',
      failures: ['FAIL - "x": expected "a", got "b"'],
    });
    expect(classifyTestRun('6/6 tests passed')).toEqual({ kind: 'passing', summary: '6/6 tests passed' });
    expect(classifyTestRun('bash: node: command not found\nExit code 127').kind).toBe('no_node');
    expect(classifyTestRun('SyntaxError: bad').kind).toBe('unclear');
  });

  it('with node: writes the library and tests, sees them fail, fixes the bug with Edit, and they pass', async () => {
    const run = await playDemo(true);
    expect(run.reason).toBe('completed');
    expect(transcriptProblems(run.session.messages)).toEqual([]);
    const files = (await run.sandbox.snapshot()).files;
    expect(Object.keys(files).sort()).toEqual(['slugify.js', 'test.js']);
    expect(files['slugify.js']).toContain(".replace(/^-+|-+$/g, '')");
    expect(files['slugify.js']).not.toBe(BUGGY_SLUGIFY);
    expect(run.calls).toEqual([
      'Glob *.js',
      'Write slugify.js',
      'Write test.js',
      'Bash ls -la && wc -l *.js',
      'Bash node test.js',
      'Read slugify.js',
      'Edit slugify.js',
      'Bash node test.js',
    ]);
    expect(run.assistantText).toContain('The tests caught a bug — 2 cases failed');
    expect(run.assistantText).toContain('got "hello-world-"');
    expect(run.assistantText).toContain('All tests pass now (6/6 tests passed)');
    expect(run.bashOutputs.every((e) => e.result.is_error !== true || String(e.result.content).includes('FAIL'))).toBe(true);
    await run.sandbox.dispose();
  });

  it('without node: says so honestly, verifies with grep instead, and still fixes the bug', async () => {
    const run = await playDemo(false);
    expect(run.reason).toBe('completed');
    expect(transcriptProblems(run.session.messages)).toEqual([]);
    expect(run.calls).toEqual([
      'Glob *.js',
      'Write slugify.js',
      'Write test.js',
      'Bash ls -la && wc -l *.js',
      'Bash node test.js',
      'Bash grep -n "replace" slugify.js',
      'Read slugify.js',
      'Edit slugify.js',
      'Bash grep -n "trim dashes" slugify.js',
    ]);
    expect(run.assistantText).toContain("`node` isn't available in this sandbox");
    expect(run.assistantText).toContain('Verified by inspection only');
    expect(run.assistantText).toContain(".replace(/^-+|-+$/g, ''); // trim dashes at both ends");
    const files = (await run.sandbox.snapshot()).files;
    expect(files['slugify.js']).toContain(".replace(/^-+|-+$/g, '')");
    // ls -la && wc -l really ran in the sandbox.
    const listing = run.bashOutputs[3]!.result.content;
    expect(String(listing)).toMatch(/slugify\.js/);
    expect(String(listing)).toMatch(/total/);
    await run.sandbox.dispose();
  });

  it('on a fresh workspace the Glob finds nothing, so no Read step is played', async () => {
    const run = await playDemo(true);
    expect(String(run.bashOutputs[0]!.result.content)).toMatch(/^No files found matching \*\.js/);
    expect(run.assistantText).toContain('No earlier files');
    expect(run.assistantText).not.toContain('Replaced the earlier');
    await run.sandbox.dispose();
  });

  it('run again on a workspace that has the files: reads them (in parallel) before replacing them, and everything succeeds', async () => {
    const first = await playDemo(true);
    expect(first.reason).toBe('completed');
    // What "New chat" + "Run demo task" do: forget the conversation (and its read ledger), rewind the script; the files stay.
    const again = await playDemo({ sandbox: first.sandbox });
    expect(again.reason).toBe('completed');
    expect(transcriptProblems(again.session.messages)).toEqual([]);
    expect(again.calls).toEqual([
      'Glob *.js',
      'Read slugify.js',
      'Read test.js',
      'Write slugify.js',
      'Write test.js',
      'Bash ls -la && wc -l *.js',
      'Bash node test.js',
      'Read slugify.js',
      'Edit slugify.js',
      'Bash node test.js',
    ]);
    // Both Reads were asked for in one turn and ran together.
    const reads = again.session.messages[3]!;
    expect(reads.role).toBe('assistant');
    expect((reads.content as Array<{ type: string }>).filter((b) => b.type === 'tool_use')).toHaveLength(2);
    const failures = again.bashOutputs.filter((e) => e.result.is_error === true).map((e) => String(e.result.content));
    expect(failures).toHaveLength(1); // only the first test run, before the fix
    expect(failures[0]).toContain('FAIL');
    expect(again.assistantText).toContain('are already here');
    expect(again.lastText).toContain('Replaced the earlier `slugify.js` and `test.js`');
    expect(again.lastText).toContain('All tests pass now (6/6 tests passed)');
    expect((await first.sandbox.fs.readText('/workspace/slugify.js'))).toContain(".replace(/^-+|-+$/g, '')");
    expect(again.model.finished).toBe(true);
    await first.sandbox.dispose();
  });

  it('a third run without node still works on the same workspace and only reports what it verified', async () => {
    const sandbox = await createOfflineSandbox();
    await playDemo({ sandbox });
    const again = await playDemo({ sandbox });
    expect(again.reason).toBe('completed');
    expect(again.calls.slice(0, 4)).toEqual(['Glob *.js', 'Read slugify.js', 'Read test.js', 'Write slugify.js']);
    expect(again.lastText).toContain('Verified by inspection only');
    expect(again.lastText).not.toContain('All tests pass');
    await sandbox.dispose();
  });

  it('in plan mode the demo quotes the refusal as a whole sentence, never cut mid-word', async () => {
    const run = await playDemo({ permissionMode: 'plan' });
    expect(run.calls).toEqual(['Glob *.js', 'Write slugify.js']);
    const opening = /The permission mode refused `Write slugify\.js` \((.+)\), so I'll stop the demo here\./.exec(run.lastText);
    expect(opening?.[1]).toBe('Plan mode is read-only, so Write was not run (Write slugify.js)');
    expect(run.lastText).toContain('Nothing in the workspace was changed.');
    await run.sandbox.dispose();
  });

  it('a denial at the first write ends the demo politely, saying nothing was changed, and later prompts do not resume mid-script', async () => {
    const run = await playDemo({ decide: () => ({ kind: 'deny', reason: 'not in my workspace' }) });
    expect(run.reason).toBe('completed');
    expect(run.lastText).toContain('you denied `Write slugify.js` ("not in my workspace"), so I\'ll stop the demo here');
    expect(run.lastText).toContain('Nothing in the workspace was changed.');
    expect(run.calls).toEqual(['Glob *.js', 'Write slugify.js']);
    expect(run.model.finished).toBe(true);
    // A follow-up in the same chat gets the honest "no more turns", not the next demo step.
    expect(await run.session.send('go on')).toBe('completed');
    expect(messageText(run.session.messages.at(-1)!)).toBe(SCRIPT_EXHAUSTED_TEXT);
    expect(callLines(run.events)).toHaveLength(2);
    await run.sandbox.dispose();
  });

  it('a denied Edit: the summary lists what really happened and says the bug is not fixed', async () => {
    const run = await playDemo({
      withNode: true,
      decide: (event, { events }) => (target(events, event.callId).startsWith('Edit') ? { kind: 'deny' } : { kind: 'allow_once' }),
    });
    expect(run.reason).toBe('completed');
    const text = run.lastText;
    expect(text).toContain('you denied `Edit slugify.js`, so I\'ll stop the demo here');
    expect(text).toContain('- Wrote `slugify.js`.');
    expect(text).toContain('- Wrote `test.js`.');
    expect(text).toContain('- Ran `node test.js`: 2 cases failed.');
    expect(text).toContain('`slugify.js` still has the trim bug: it was not fixed.');
    expect(text).not.toMatch(/pass now|Fix:/);
    expect(await run.sandbox.fs.readText('/workspace/slugify.js')).toBe(BUGGY_SLUGIFY);
    await run.sandbox.dispose();
  });

  it('"Deny and stop" ends the run; a follow-up is answered honestly and the next demo run (rewound) works', async () => {
    const sandbox = await createOfflineSandbox({ commands: [testNode] });
    const run = await playDemo({
      sandbox,
      decide: (event, { events }) => (target(events, event.callId).startsWith('Bash node') ? { kind: 'deny', stop: true } : { kind: 'allow_once' }),
    });
    expect(run.reason).toBe('permission_denied_stop');
    expect(transcriptProblems(run.session.messages)).toEqual([]);
    // Same chat: the script does not play "investigate" as if the tests had run.
    expect(await run.session.send('continue')).toBe('completed');
    const reply = messageText(run.session.messages.at(-1)!);
    expect(reply).toContain('you denied `node test.js`, so I\'ll stop the demo here');
    expect(reply).toContain('- Wrote `slugify.js`.');
    expect(reply).not.toContain('Ran `node test.js`');
    expect(run.model.finished).toBe(true);
    // "Run demo task" again: new chat, rewound script, same files.
    run.session.reset();
    run.model.reset();
    const events: AgentEvent[] = [];
    run.session.subscribe((event) => {
      events.push(event);
      if (event.type === 'permission_request') run.session.decidePermission(event.callId, { kind: 'allow_once' });
    });
    expect(await run.session.send(DEMO_PROMPT)).toBe('completed');
    expect(callLines(events).slice(0, 3)).toEqual(['Glob *.js', 'Read slugify.js', 'Read test.js']);
    expect(messageText(run.session.messages.at(-1)!)).toContain('All tests pass now (6/6 tests passed)');
    await sandbox.dispose();
  });

  it('a tool that fails unexpectedly (the file changed before the Edit) ends the demo without claiming success', async () => {
    const run = await playDemo({
      withNode: true,
      decide: async (event, { sandbox, events }) => {
        // Someone edits the file in the editor while the prompt is open: the Edit's read is now stale.
        if (target(events, event.callId).startsWith('Edit')) await sandbox.fs.write('/workspace/slugify.js', BUGGY_SLUGIFY + '// touched\n');
        return { kind: 'allow_once' };
      },
    });
    expect(run.reason).toBe('completed');
    const editResult = run.bashOutputs.find((e) => target(run.events, e.callId).startsWith('Edit'))!;
    expect(editResult.result.is_error).toBe(true);
    expect(run.lastText).toMatch(/^`Edit slugify\.js` failed \(.+\), so I'll stop the demo here/);
    expect(run.lastText).toContain('`slugify.js` still has the trim bug: it was not fixed.');
    expect(run.assistantText).not.toMatch(/pass now|## Summary/);
    expect(run.calls.at(-1)).toBe('Edit slugify.js');
    await run.sandbox.dispose();
  });
});
