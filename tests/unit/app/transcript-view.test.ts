/**
 * The chat rebuilt from a saved transcript (after a reload) against the chat the live fold
 * showed for the same run: the same prompts, texts and finished tool cards, in the same order.
 */
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { systemReminder } from '../../../src/agent/context-notes';
import { Session } from '../../../src/agent/session';
import { describeToolUse } from '../../../src/agent/tool-call-info';
import type { Message } from '../../../src/models/messages';
import { createDemoModel, DEMO_PROMPT } from '../../../src/models/demo-script';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { createDefaultTools } from '../../../src/tools/registry';
import { foldEvent, foldEvents, initialView, type ChatItem, type InspectorEntry } from '../../../src/app/state/fold';
import { packRequestLog, unpackRequestLog } from '../../../src/store/request-log';
import { transcriptView } from '../../../src/app/state/transcript-view';

/** What a user reads of an item (ids, timings and streaming flags aside). */
function readable(item: ChatItem): string {
  switch (item.kind) {
    case 'user':
      return `user: ${item.text}`;
    case 'text':
    case 'thinking':
      return `${item.kind}: ${item.text}`;
    case 'tool':
      return `tool ${item.name} [${item.status}] ${item.summary} => ${item.output ?? ''}`;
    default:
      return item.kind;
  }
}

describe('transcriptView', () => {
  it('shows a saved demo run as the live fold showed it, minus what was not saved', async () => {
    const sandbox = await createOfflineSandbox();
    const tools = createDefaultTools();
    const session = new Session({ sandbox, model: createDemoModel({ chunkDelayMs: 0 }), tools, permissionMode: 'bypass' });
    const events: AgentEvent[] = [];
    session.subscribe((event) => events.push(event));
    expect(await session.send(DEMO_PROMPT)).toBe('completed');
    const live = foldEvents(events).items.filter((item) => item.kind !== 'run_end' && item.kind !== 'notice');
    // A round trip through structured clone, as IndexedDB stores it.
    const restored = transcriptView(structuredClone(session.messages) as Message[], undefined, {}, (block) => describeToolUse(block, tools, sandbox.root));

    expect(restored.items.map(readable)).toEqual(live.map(readable));
    const categories = (items: readonly ChatItem[]) => items.flatMap((item) => (item.kind === 'tool' ? [item.category] : []));
    expect(categories(restored.items)).toEqual(categories(live));
    expect(categories(restored.items)).toContain('edits-files');
    expect(restored.items.filter((item) => item.kind === 'tool').length).toBeGreaterThanOrEqual(5);
    expect(restored).toMatchObject({ runs: 1, running: false, requests: [], lastStop: null });
    expect(restored.usage.inputTokens).toBe(0);
    await sandbox.dispose();
  });

  it("brings back the inspector's requests and the token totals saved with the transcript", async () => {
    const sandbox = await createOfflineSandbox();
    const session = new Session({ sandbox, model: createDemoModel({ chunkDelayMs: 0 }), tools: createDefaultTools(), permissionMode: 'bypass' });
    let live = initialView();
    session.subscribe((event) => {
      live = foldEvent(live, event);
    });
    expect(await session.send(DEMO_PROMPT)).toBe('completed');
    expect(live.requests.length).toBeGreaterThanOrEqual(5);

    // Saved and read back as the app does it: packed into IndexedDB's structured clone.
    const saved = structuredClone({ messages: session.messages, requests: packRequestLog(live.requests), usage: live.usage });
    const requests = unpackRequestLog(saved.requests, saved.messages);
    const restored = transcriptView(saved.messages, undefined, { requests, usage: saved.usage });

    const shape = (entry: InspectorEntry) => ({ run: entry.run, turn: entry.turn, at: entry.at, usage: entry.usage, request: entry.request });
    expect(restored.requests.map(shape)).toEqual(live.requests.map(shape));
    expect(restored.usage).toEqual(live.usage);
    expect(new Set(restored.requests.map((entry) => entry.id)).size).toBe(restored.requests.length);
    await sandbox.dispose();
  });

  it('keeps the user words only, marks errors and unanswered calls, and adds a notice last', () => {
    const messages: Message[] = [
      { role: 'user', content: 'list the files' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Let me look.' },
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'a', name: 'Bash', input: { command: 'ls' } },
          { type: 'tool_use', id: 'b', name: 'Read', input: { file_path: '/workspace/x' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'a', content: 'x.txt' },
          { type: 'tool_result', tool_use_id: 'b', content: [{ type: 'text', text: 'No such file' }], is_error: true },
          { type: 'text', text: systemReminder('The sandbox changed.') },
          { type: 'text', text: 'and now the other one' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'Glob', input: { pattern: '*' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: 'x.txt' }] },
      { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'opaque' }, { type: 'text', text: 'Done.' }] },
    ];
    const view = transcriptView(messages, 'A note.');
    expect(view.items.map(readable)).toEqual([
      'user: list the files',
      'thinking: Let me look.',
      'text: Looking.',
      'tool Bash [done] ls => x.txt',
      'tool Read [error] /workspace/x => No such file',
      'user: and now the other one',
      'tool Glob [done] * => x.txt',
      'text: Done.',
      'notice',
    ]);
    expect(view.runs).toBe(2);
    expect(new Set(view.items.map((item) => item.id)).size).toBe(view.items.length);
    expect(view.items.at(-1)).toMatchObject({ kind: 'notice', level: 'error', text: 'A note.' });
    const unanswered = transcriptView([messages[0] as Message, { role: 'assistant', content: [{ type: 'tool_use', id: 'z', name: 'Bash', input: { command: 'sleep 9' } }] }]);
    expect(unanswered.items.at(-1)).toMatchObject({ kind: 'tool', status: 'cancelled' });
  });

  it('lets a live run continue after the restored items', async () => {
    const sandbox = await createOfflineSandbox();
    const model = createDemoModel({ chunkDelayMs: 0 });
    const first = new Session({ sandbox, model, tools: createDefaultTools(), permissionMode: 'bypass' });
    await first.send(DEMO_PROMPT);
    let view = transcriptView(first.messages);
    const before = view.items.length;
    model.reset();
    const second = new Session({ sandbox, model, tools: createDefaultTools(), permissionMode: 'bypass', messages: first.messages });
    second.subscribe((event) => {
      view = foldEvent(view, event);
    });
    await second.send('and again');
    expect(view.items.slice(0, before)).toEqual(transcriptView(first.messages).items);
    expect(view.items[before]).toMatchObject({ kind: 'user', text: 'and again' });
    expect(view.items.at(-1)).toMatchObject({ kind: 'run_end' });
    expect(new Set(view.items.map((item) => item.id)).size).toBe(view.items.length);
    await sandbox.dispose();
  });
});
