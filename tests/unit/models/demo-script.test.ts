import { runInNewContext } from 'node:vm';
import { strict as assertModule } from 'node:assert';
import { defineCommand } from 'just-bash';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { transcriptProblems } from '../../../src/agent/transcript';
import { BUGGY_SLUGIFY, DEMO_PROMPT, DEMO_SCRIPT, classifyTestRun, createDemoModel } from '../../../src/models/demo-script';
import { messageText } from '../../../src/models/messages';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
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

async function playDemo(withNode: boolean) {
  const sandbox = await createOfflineSandbox(withNode ? { commands: [testNode] } : {});
  const session = new Session({
    sandbox,
    model: new ScriptedModelClient({ script: DEMO_SCRIPT }),
    tools: createDefaultTools(),
    permissionMode: 'default',
  });
  const events: AgentEvent[] = [];
  session.subscribe((event) => {
    events.push(event);
    if (event.type === 'permission_request') session.decidePermission(event.callId, { kind: 'allow_once' });
  });
  const reason = await session.send(DEMO_PROMPT);
  const assistantText = session.messages.filter((m) => m.role === 'assistant').map(messageText).join('\n---\n');
  const bashOutputs = events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));
  return { sandbox, session, events, reason, assistantText, bashOutputs };
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
    const calls = run.events.flatMap((e) => (e.type === 'tool_call' ? [`${e.call.name} ${String(e.call.input.command ?? e.call.input.file_path)}`] : []));
    expect(calls).toEqual([
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
    const calls = run.events.flatMap((e) => (e.type === 'tool_call' ? [`${e.call.name} ${String(e.call.input.command ?? e.call.input.file_path)}`] : []));
    expect(calls).toEqual([
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
    const listing = run.bashOutputs[2]!.result.content;
    expect(String(listing)).toMatch(/slugify\.js/);
    expect(String(listing)).toMatch(/total/);
    await run.sandbox.dispose();
  });

  it('stops politely when the user denies a step', async () => {
    const sandbox = await createOfflineSandbox();
    const session = new Session({
      sandbox,
      model: new ScriptedModelClient({ script: DEMO_SCRIPT }),
      tools: createDefaultTools(),
      permissionMode: 'default',
    });
    session.subscribe((event) => {
      if (event.type === 'permission_request') session.decidePermission(event.callId, { kind: 'deny', reason: 'not in my workspace' });
    });
    expect(await session.send(DEMO_PROMPT)).toBe('completed');
    expect(messageText(session.messages.at(-1)!)).toContain("so I'll stop the demo here");
    await sandbox.dispose();
  });
});
