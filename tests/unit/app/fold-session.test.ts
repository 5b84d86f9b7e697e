/**
 * The fold against a real event stream: the real Session, default tools, offline
 * sandbox and scripted demo model, as the app wires them (bypass mode, no delays).
 */
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { createDemoModel, DEMO_PROMPT } from '../../../src/models/demo-script';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { createDefaultTools } from '../../../src/tools/registry';
import { foldEvent, foldEvents, initialView, runState, type ToolItem, type ViewState } from '../../../src/app/state/fold';

describe('fold over a real demo run', () => {
  it('ends with every tool settled, one inspector entry per request and the stop reason', async () => {
    const sandbox = await createOfflineSandbox();
    const session = new Session({ sandbox, model: createDemoModel({ chunkDelayMs: 0 }), tools: createDefaultTools(), permissionMode: 'bypass' });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    const reason = await session.send(DEMO_PROMPT);
    const view = foldEvents(events);

    expect(reason).toBe('completed');
    expect(runState(view)).toBe('idle');
    expect(view.requests).toHaveLength(events.filter((e) => e.type === 'model_request').length);
    const tools = view.items.filter((i): i is ToolItem => i.kind === 'tool');
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) expect(['done', 'error']).toContain(tool.status);
    expect(tools.every((t) => t.output !== undefined && t.durationMs !== undefined)).toBe(true);
    expect(view.items.some((i) => i.kind === 'text' && i.text.includes('Summary'))).toBe(true);
    expect(view.items.every((i) => (i.kind === 'text' || i.kind === 'thinking' ? !i.streaming : true))).toBe(true);
    expect(view.items.at(-1)).toMatchObject({ kind: 'run_end', reason: 'completed' });
    expect(view.usage.inputTokens).toBeGreaterThan(0);
    expect(await sandbox.fs.exists(`${sandbox.root}/slugify.js`)).toBe(true);
    await sandbox.dispose();
  });

  it('marks exactly the started, unfinished calls as running, event by event, across two runs on the same workspace', async () => {
    const sandbox = await createOfflineSandbox();
    const model = createDemoModel({ chunkDelayMs: 0 });
    const session = new Session({ sandbox, model, tools: createDefaultTools(), permissionMode: 'bypass' });
    let view: ViewState = initialView();
    const started = new Set<string>();
    const finished = new Set<string>();
    let sawParallel = false;
    const mismatches: string[] = [];
    session.subscribe((event) => {
      view = foldEvent(view, event);
      if (event.type === 'tool_start') started.add(event.callId);
      if (event.type === 'tool_result') finished.add(event.callId);
      const running = view.items.filter((i): i is ToolItem => i.kind === 'tool' && i.status === 'running').map((t) => t.id);
      const expected = [...started].filter((id) => !finished.has(id));
      if (running.join() !== expected.join()) mismatches.push(`${event.type}: ${running.join()} != ${expected.join()}`);
      if (running.length > 1) sawParallel = true;
    });
    expect(await session.send(DEMO_PROMPT)).toBe('completed');
    session.reset();
    model.reset();
    view = initialView();
    expect(await session.send(DEMO_PROMPT)).toBe('completed');
    expect(mismatches).toEqual([]);
    // The second run reads the existing slugify.js and test.js together.
    expect(sawParallel).toBe(true);
    const tools = view.items.filter((i): i is ToolItem => i.kind === 'tool');
    expect(tools.filter((t) => t.name === 'Read').slice(0, 2).map((t) => t.status)).toEqual(['done', 'done']);
    expect(tools.every((t) => t.startedAt !== undefined && t.durationMs !== undefined)).toBe(true);
    await sandbox.dispose();
  });
});
