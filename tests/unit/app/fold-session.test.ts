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
import { foldEvents, runState, type ToolItem } from '../../../src/app/state/fold';

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
});
